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

/// <summary>
/// Item-scores per second: a province's schools scored against every shipped standard, beside the floor, a loop that
/// reads the same indicator keys of every item from the same data and sums them. Each benchmark is reported per item
/// scored (OperationsPerInvoke), so the means compare directly: items per second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class ScoringThroughputBenchmarks
{
    private const int Schools = 100;
    private const int ItemsPerSchool = 107; // the items of the three shipped standards; checked in Setup
    private const int ItemScores = Schools * ItemsPerSchool;

    private StandardLibrary _library = default!;
    private SchoolData[] _schools = default!;
    private SchoolData[] _plainSchools = default!;
    private string[][][] _keys = default!;

    /// <summary>
    /// `dotnet run -c Release --project bench -- scoring-cpu [seconds]`: the same three loops timed by the process's CPU
    /// time rather than the clock, in turns, so a machine shared with other work still gives item-scores per CPU-second.
    /// </summary>
    public static int RunCpu(double seconds)
    {
        var bench = new ScoringThroughputBenchmarks();
        bench.Setup();
        var loops = new (string Name, Func<decimal> Run)[]
        {
            ("engine, each standard on its own (as the app calls it)", bench.EnginePerStandard),
            ("engine, every standard in one call", bench.EngineAllStandards),
            ("engine, every standard in one call, values not checked before (a plain dictionary)", bench.EngineAllStandardsUnchecked),
            ("floor: read the same keys and sum", bench.FloorReadKeysAndSum),
        };
        var cpu = new TimeSpan[loops.Length];
        var runs = new int[loops.Length];
        foreach (var (_, run) in loops) run(); // jitted and tiered up before anything is timed
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            for (var i = 0; i < loops.Length; i++)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                for (var k = 0; k < 20; k++) loops[i].Run();
                process.Refresh();
                cpu[i] += process.TotalProcessorTime - before;
                runs[i] += 20;
            }
        }

        var floor = runs[^1] * (double)ItemScores / cpu[^1].TotalSeconds;
        Console.WriteLine("| scoring | M item-scores per CPU-second | of the floor |");
        Console.WriteLine("|---|---|---|");
        for (var i = 0; i < loops.Length; i++)
        {
            var rate = runs[i] * (double)ItemScores / cpu[i].TotalSeconds;
            Console.WriteLine($"| {loops[i].Name} | {rate / 1e6:0.00} | {rate / floor:P0} |");
        }

        return 0;
    }

    [GlobalSetup]
    public void Setup()
    {
        _library = StandardLibrary.LoadDirectory(SeedData.DefaultDirectory);
        var items = _library.Standards.Sum(s => s.Items.Count());
        if (items != ItemsPerSchool) throw new InvalidOperationException($"The standards have {items} items: set ItemsPerSchool.");

        // The three example schools' values together, varied per school: some left out, numbers scaled, flags turned.
        var examples = Path.Combine(BenchApp.Repository, "docs", "examples");
        var values = Directory.GetFiles(examples, "*.json")
            .SelectMany(f => ScoringJson.ReadInput(File.ReadAllText(f)).Indicators)
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        _schools = Enumerable.Range(0, Schools).Select(school =>
        {
            var varied = values
                .Where(kv => (kv.Key.GetHashCode(StringComparison.Ordinal) ^ school) % 11 != 0)
                .Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Number is { } n
                    ? IndicatorValue.Of(n * (1 + school % 3))
                    : IndicatorValue.Of(kv.Value.Flag!.Value ^ (school % 5 == 0))));
            // What the app scores: stored values the catalogue accepts, checked once as they are read.
            return SchoolData.OfIndicators(SchoolDataValidator.Usable(_library.Indicators, varied));
        }).ToArray();
        // The same values in a plain dictionary (as JSON input comes): the engine checks them at each call.
        _plainSchools = _schools.Select(s => SchoolData.OfIndicators(s.Indicators.ToDictionary(StringComparer.Ordinal))).ToArray();
        _keys = _library.Standards.Select(s => s.Items.Select(i => i.Rule.IndicatorKeys.ToArray()).ToArray()).ToArray();
    }

    /// <summary>As the app scores today: each standard on its own, the data checked each time.</summary>
    [Benchmark(OperationsPerInvoke = ItemScores)]
    public decimal EnginePerStandard()
    {
        var sum = 0m;
        foreach (var school in _schools)
        {
            foreach (var standard in _library.Standards) sum += ScoringEngine.Score(standard, _library.Indicators, school).Total;
        }

        return sum;
    }

    /// <summary>Every standard in one call: the data checked once a school.</summary>
    [Benchmark(OperationsPerInvoke = ItemScores)]
    public decimal EngineAllStandards()
    {
        var sum = 0m;
        foreach (var school in _schools)
        {
            foreach (var result in ScoringEngine.Score(_library.Standards, _library.Indicators, school)) sum += result.Total;
        }

        return sum;
    }

    /// <summary>Every standard in one call, on values in a plain dictionary: checked at each call.</summary>
    [Benchmark(OperationsPerInvoke = ItemScores)]
    public decimal EngineAllStandardsUnchecked()
    {
        var sum = 0m;
        foreach (var school in _plainSchools)
        {
            foreach (var result in ScoringEngine.Score(_library.Standards, _library.Indicators, school)) sum += result.Total;
        }

        return sum;
    }

    /// <summary>The floor: the same keys read from the same values (a plain dictionary) and summed, nothing scored.</summary>
    [Benchmark(OperationsPerInvoke = ItemScores, Baseline = true)]
    public decimal FloorReadKeysAndSum()
    {
        var sum = 0m;
        foreach (var school in _plainSchools)
        {
            foreach (var standard in _keys)
            {
                foreach (var item in standard)
                {
                    foreach (var key in item)
                    {
                        if (school.Indicators.TryGetValue(key, out var value)) sum += value.Number ?? (value.Flag == true ? 1 : 0);
                    }
                }
            }
        }

        return sum;
    }
}
