using System.Text.Json;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Scoring;

/// <summary>The <c>score</c> verb, run as a process: JSON on stdout and exit 0, or the reason on stderr and exit 2.</summary>
public class ScoreCommandTests
{
    private static string Example(string id) => Path.Combine(SeedLibrary.RepositoryRoot, "docs", "examples", id + ".json");

    [Trait("Needs", "Process")]
    [Fact]
    public async Task Prints_the_result_json_equal_to_the_engine_s()
    {
        var outcome = await AppProcess.RunAsync("score", "--standard", "optimized-development", "--input", Example("optimized-development"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.StandardError);
        var expected = ScoringEngine.Score(SeedLibrary.Get("optimized-development"), SeedLibrary.Value.Indicators,
            ScoringJson.ReadInput(File.ReadAllText(Example("optimized-development"))));
        Assert.Equal(ScoringJson.WriteResult(expected).Trim(), outcome.StandardOutput.Trim());
        using var json = JsonDocument.Parse(outcome.StandardOutput);
        Assert.Equal(70.82m, json.RootElement.GetProperty("total").GetDecimal());
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task Bad_input_prints_the_key_on_stderr_and_exits_2()
    {
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, """{ "indicators": { "fulltimeTeachers": -3, "noSuchThing": 1 } }""");

        var outcome = await AppProcess.RunAsync("score", "--standard", "optimized-development", "--input", input);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.StandardOutput);
        Assert.Contains("indicators.fulltimeTeachers", outcome.StandardError);
        Assert.Contains("indicators.noSuchThing", outcome.StandardError);
    }

    [Trait("Needs", "Process")]
    [Theory]
    [InlineData("score", "--standard", "no-such-standard", "--input", "x.json")]
    [InlineData("score", "--input", "x.json")]
    [InlineData("score", "--standard", "township-six-haves", "--input", "/no/such/file.json")]
    public async Task A_bad_command_line_exits_2_with_a_reason(params string[] args)
    {
        var outcome = await AppProcess.RunAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.NotEqual("", outcome.StandardError.Trim());
        Assert.Equal("", outcome.StandardOutput);
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task A_folder_given_as_input_gets_one_line_and_exit_2()
    {
        var folder = Directory.CreateTempSubdirectory("score-input-").FullName;
        try
        {
            var outcome = await AppProcess.RunAsync("score", "--standard", "optimized-development", "--input", folder);

            Assert.Equal(2, outcome.ExitCode);
            Assert.Contains("是文件夹", outcome.StandardError);
            Assert.Single(outcome.StandardError.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
