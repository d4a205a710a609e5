using NetArchTest.Rules;
using SchoolAssessment.Features.Scoring;

namespace SchoolAssessment.Tests.Features.Architecture;

/// <summary>
/// The scoring engine stays a pure function of a standard and a school's data (docs/scoring.md): no database, no web,
/// no files, no console, no clock. Enforced here rather than by convention. The command-line verb (ScoreCommand) is its
/// only adapter in the folder and is left out.
/// </summary>
public class ScoringPurityTests
{
    private static readonly string[] Impure =
    [
        "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions", "System.Net", "System.CommandLine",
        // The file system, the console and the clock (an in-memory stream for JSON is not I/O).
        "System.IO.File", "System.IO.Directory", "System.IO.Path", "System.Console", "System.DateTime", "System.TimeProvider", "System.Random",
        "SchoolAssessment.Persistence", "SchoolAssessment.Hosting", "SchoolAssessment.Components", "MudBlazor",
    ];

    private static PredicateList ScoringTypes() =>
        Types.InAssembly(typeof(ScoringEngine).Assembly)
            .That().ResideInNamespace("SchoolAssessment.Features.Scoring")
            .And().DoNotHaveNameMatching("^ScoreCommand");

    [Fact]
    public void The_scoring_engine_depends_on_no_database_web_or_io()
    {
        var result = ScoringTypes().ShouldNot().HaveDependencyOnAny(Impure).GetResult();

        Assert.True(result.IsSuccessful, "impure scoring types: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_rule_sees_the_engine_and_would_catch_a_database_type()
    {
        // The selection really holds the engine, and the rule fails on a type that does use EF Core.
        Assert.Contains(typeof(ScoringEngine).FullName, ScoringTypes().GetTypes().Select(t => t.FullName));
        var persistence = Types.InAssembly(typeof(ScoringEngine).Assembly).That().ResideInNamespace("SchoolAssessment.Persistence")
            .ShouldNot().HaveDependencyOnAny(Impure).GetResult();
        Assert.False(persistence.IsSuccessful);
    }
}
