using BenchmarkDotNet.Attributes;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Bench;

/// <summary>
/// The engine on the shipped standards and their example schools: what one live quick-check keystroke costs
/// (three standards scored, their gaps and their ways to the next grade).
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private StandardLibrary _library = default!;
    private Standard _optimized = default!;
    private SchoolData _example = default!;

    [GlobalSetup]
    public void Setup()
    {
        _library = StandardLibrary.LoadDirectory(SeedData.DefaultDirectory);
        _optimized = _library.Find("optimized-development")!;
        var examples = Path.Combine(BenchApp.Repository, "docs", "examples", "optimized-development.json");
        _example = ScoringJson.ReadInput(File.ReadAllText(examples));
    }

    [Benchmark]
    public ScoreResult ScoreOneStandard() => ScoringEngine.Score(_optimized, _library.Indicators, _example);

    [Benchmark]
    public int QuickCheckKeystroke()
    {
        var data = SchoolData.OfIndicators(_example.Indicators);
        var work = 0;
        foreach (var standard in _library.Standards)
        {
            var result = ScoringEngine.Score(standard, _library.Indicators, data);
            work += GapFinder.Find(result, _library.Indicators, data).Count + (WayToGrade.Next(result)?.Items.Count ?? 0);
        }

        return work;
    }

    [Benchmark]
    public string ScoreToJson() => ScoringJson.WriteResult(ScoringEngine.Score(_optimized, _library.Indicators, _example));
}
