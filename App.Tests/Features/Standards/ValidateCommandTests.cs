using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standards;

/// <summary><c>standards validate &lt;file&gt;</c>, run as a process, as a province's author would.</summary>
public class ValidateCommandTests
{
    private static string Shipped(string id) => Path.Combine(SeedLibrary.RepositoryRoot, "seed-data", "standards", id + ".yaml");

    [Trait("Needs", "Process")]
    [Fact]
    public async Task A_valid_file_exits_0_with_a_summary()
    {
        var outcome = await AppProcess.RunAsync("standards", "validate", Shipped("provincial-evaluation"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("provincial-evaluation.yaml: valid", outcome.StandardOutput);
        Assert.Contains("100 points (+5 bonus)", outcome.StandardOutput);
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task A_broken_file_exits_2_naming_the_file_the_item_and_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var file = Path.Combine(folder, "township-six-haves.yaml");
        var text = await File.ReadAllTextAsync(Shipped("township-six-haves"));
        var firstPoints = text.IndexOf("points: ", StringComparison.Ordinal);
        var lineEnd = text.IndexOf('\n', firstPoints);
        await File.WriteAllTextAsync(file, text[..firstPoints] + "points: 0" + text[lineEnd..]);

        var outcome = await AppProcess.RunAsync("standards", "validate", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("township-six-haves.yaml: item A1: 'points' must be positive, not 0", outcome.StandardError);
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task A_broken_gate_exits_2_naming_the_file_the_item_and_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var file = Path.Combine(folder, "optimized-development.yaml");
        var text = await File.ReadAllTextAsync(Shipped("optimized-development"));
        Assert.Contains("gate: { atLeast: 5 }", text);
        await File.WriteAllTextAsync(file, text.Replace("gate: { atLeast: 5 }", "gate: { atLeast: 15 }"));

        var outcome = await AppProcess.RunAsync("standards", "validate", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("optimized-development.yaml: item C1: the gate (15) lies beyond the target (10)", outcome.StandardError);
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task The_indicator_catalogue_can_be_checked_too()
    {
        var outcome = await AppProcess.RunAsync("standards", "validate", Path.Combine(SeedLibrary.RepositoryRoot, "seed-data", "indicators.yaml"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("indicators.yaml: valid", outcome.StandardOutput);
    }
}
