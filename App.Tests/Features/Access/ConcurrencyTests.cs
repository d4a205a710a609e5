using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Features.Assessments;
using SchoolAssessment.Tests.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>Two people at once: a conflict that shows the other's change, or a no-op; never a 500, never an overwrite.</summary>
public class ConcurrencyTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An on-site assessment of the own school (its evaluator leads) with one fresh evidence file; returns the file and its stamp.</summary>
    private async Task<(long File, Guid Stamp)> OnSiteEvidenceAsync(int year)
    {
        await app.EnsureSeededAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var evaluator = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(SchoolTreeFactory.UserName(AppRole.Evaluator)))!;
        var version = await db.StandardVersions.Where(v => v.StandardId == "optimized-development").Select(v => v.Id).FirstAsync();
        var assessment = new Assessment
        {
            SchoolId = app.Schools[Relation.Own], StandardId = "optimized-development", StandardVersionId = version, Year = year, State = AssessmentState.OnSite,
            Evaluators = [new AssessmentEvaluator { UserId = evaluator.Id, IsLead = true }],
        };
        db.Assessments.Add(assessment);
        await db.SaveChangesAsync();
        var file = new EvidenceFile
        {
            AssessmentId = assessment.Id, SchoolId = assessment.SchoolId, ItemCode = "A1", FileName = "并发.pdf", Kind = EvidenceFileKind.Pdf,
            Sha256 = new string('0', 64), Length = 1,
        };
        db.EvidenceFiles.Add(file);
        await db.SaveChangesAsync();
        return (file.Id, file.ConcurrencyStamp);
    }

    // The evidence list is interactive: its review handler calls the service as the circuit's user.
    private async Task<HttpResponseMessage> ReviewAsync(string role, long file, string review, string comment, Guid stamp) =>
        await CommandResponses.Of(Task.FromResult((await AssessmentSteps.ReviewAsync(app, SchoolTreeFactory.UserName(role), file,
            Enum.Parse<EvidenceReview>(review), comment, stamp)).ToOutcome()));

    [Fact]
    public async Task A_review_from_a_stale_page_is_refused_with_the_other_s_decision_and_overwrites_nothing()
    {
        var (file, stamp) = await OnSiteEvidenceAsync(Year);
        var evaluator = AppRole.Evaluator;
        var admin = AppRole.Administrator;

        Assert.Equal(HttpStatusCode.OK, (await ReviewAsync(evaluator, file, "Accepted", "材料齐全", stamp)).StatusCode);
        var stale = await ReviewAsync(admin, file, "Rejected", "缺少签字", stamp);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var body = await stale.Content.ReadAsStringAsync();
        Assert.Contains("已先审核为“认可”", body);
        Assert.Contains("材料齐全", body);
        var stored = await app.QueryAsync(db => db.EvidenceFiles.SingleAsync(e => e.Id == file));
        Assert.Equal(EvidenceReview.Accepted, stored.Review);
        Assert.Equal("材料齐全", stored.ReviewComment);
    }

    [Fact]
    public async Task Two_reviews_at_once_give_one_decision_and_one_conflict()
    {
        var evaluator = AppRole.Evaluator;
        var admin = AppRole.Administrator;
        for (var trial = 0; trial < 4; trial++)
        {
            var (file, stamp) = await OnSiteEvidenceAsync(Year + trial);

            var responses = await Task.WhenAll(
                ReviewAsync(evaluator, file, "Accepted", "同时一", stamp),
                ReviewAsync(admin, file, "Rejected", "同时二", stamp));

            var statuses = responses.Select(r => r.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            var stored = await app.QueryAsync(db => db.EvidenceFiles.SingleAsync(e => e.Id == file));
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? EvidenceReview.Accepted : EvidenceReview.Rejected;
            Assert.Equal(winner, stored.Review);
        }
    }

    [Fact]
    public async Task Two_team_assignments_at_once_never_fail()
    {
        await app.EnsureSeededAsync();
        var evaluator = SchoolTreeFactory.UserName(AppRole.Evaluator);
        for (var trial = 0; trial < 4; trial++)
        {
            // The assessment page is interactive: both team dialogs call the service as their circuit's user at once.
            var responses = await Task.WhenAll(
                CommandResponses.Of(AssessmentSteps.AssignAsync(app, SchoolTreeFactory.UserName(AppRole.Administrator), app.Assessments[Relation.Child], [evaluator], evaluator)),
                CommandResponses.Of(AssessmentSteps.AssignAsync(app, SchoolTreeFactory.UserName(AppRole.Supervisor), app.Assessments[Relation.Child], [evaluator], evaluator)));

            Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"{(int)r.StatusCode}"));
            var team = await app.QueryAsync(db => db.Assessments.Where(a => a.Id == app.Assessments[Relation.Child]).SelectMany(a => a.Evaluators).CountAsync());
            Assert.Equal(1, team);
        }
    }

    [Fact]
    public async Task Starting_one_assessment_twice_at_once_starts_it_once()
    {
        await app.EnsureSeededAsync();
        var school = app.Schools[Relation.Own];
        for (var year = Year; year < Year + 4; year++)
        {
            // Two school pages press “开始评估” at once: each circuit calls the service once.
            var responses = await Task.WhenAll(
                CommandResponses.Of(SchoolRequests.StartAsync(app, AppRole.Administrator, school, "provincial-evaluation", year)),
                CommandResponses.Of(SchoolRequests.StartAsync(app, AppRole.Supervisor, school, "provincial-evaluation", year)));

            Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"{(int)r.StatusCode}"));
            var y = year;
            Assert.Equal(1, await app.QueryAsync(db => db.Assessments.CountAsync(a => a.SchoolId == school && a.Year == y && a.StandardId == "provincial-evaluation")));
        }
    }
}
