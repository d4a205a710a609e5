using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Rectification.Pages;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Hosting;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Bench;

/// <summary>
/// The issue's three figures, on the app's real code: a 1,000-line ledger workbook, a 30-page 整改方案 printed by a
/// warm browser, and an import of 500 schools' indicators into SQLite (read, check every cell, write in one transaction).
/// </summary>
[MemoryDiagnoser]
public class DocumentBenchmarks
{
    private WebApplication _app = default!;
    private StandardLibrary _library = default!;
    private PlanView _ledgerOf1000 = default!;
    private PlanView _planOf30Pages = default!;
    private PdfPrinter _printer = default!;
    private IndicatorImportService _import = default!;
    private IServiceScope _scope = default!;
    private byte[] _workbook = [];
    private int _iteration;
    private string _folder = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("sa-bench-").FullName;
        _app = BenchApp.Start(_folder);
        _library = _app.Services.GetRequiredService<StandardLibrary>();
        _printer = _app.Services.GetRequiredService<PdfPrinter>();

        _ledgerOf1000 = View(_library, 1000);
        _planOf30Pages = View(_library, 50);
        var pdf = PrintPlan().GetAwaiter().GetResult(); // the browser's launch is not what is measured
        Console.WriteLine($"// plan PDF: {System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page\b").Count} pages");

        _scope = _app.Services.CreateScope();
        _import = _scope.ServiceProvider.GetRequiredService<IndicatorImportService>();
        SeedSchools(500).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public byte[] LedgerWorkbookOf1000Lines() => XlsxWriter.ToBytes(LedgerWorkbook.Sheets(_ledgerOf1000, _library.Indicators, "利川市委党校"));

    [Benchmark]
    public Task<byte[]> PrintPlan() => _printer.PrintAsync<PlanDocument>(new Dictionary<string, object?> { ["View"] = _planOf30Pages });

    [IterationSetup(Target = nameof(ImportOf500Schools))]
    public void NewValues() => _workbook = Workbook(++_iteration);

    /// <summary>Every value changes in every iteration, so each run really writes 500 × ~100 values (and their audit trail).</summary>
    [Benchmark]
    [InvocationCount(1)]
    public async Task<int> ImportOf500Schools()
    {
        var job = new ImportJob(Guid.NewGuid(), "bench", "bench.xlsx");
        await _import.RunAsync(job, new UserScope("admin", AppRole.Administrator, null, null), _workbook, CancellationToken.None);
        return job.Succeeded ? job.Values : throw new InvalidOperationException(string.Join("\n", job.Errors));
    }

    /// <summary>A rectification plan of <paramref name="lines"/> ledger lines (50 print on 31 pages); also printed by <see cref="PdfLatency"/>.</summary>
    internal static PlanView View(StandardLibrary library, int lines)
    {
        var standard = library.Find("optimized-development")!;
        var result = ScoringEngine.Score(standard, library.Indicators, SchoolData.Empty);
        var gaps = GapFinder.Find(result, library.Indicators, SchoolData.Empty);
        var assessment = new Assessment
        {
            Id = 1, SchoolId = 1, StandardId = standard.Id, Year = 2025, State = AssessmentState.Rectification,
            School = new School { Id = 1, Name = "利川市委党校", Region = "湖北省恩施州利川市", Level = SchoolLevel.County },
        };
        var board = new AssessmentBoard(assessment, standard, AssessmentParty.None with { Administrator = true }, null, SchoolData.Empty, [],
            new Dictionary<string, string>(), []);
        var plan = new RectificationPlan { AssessmentId = 1, SchoolId = 1, BasisGrade = result.Grade.Name, TargetGrade = "达标", TargetDate = new DateOnly(2026, 12, 31) };
        var today = new DateOnly(2026, 6, 1);
        RectificationPlanner.Merge(plan, gaps, today);
        // More lines than one standard has items: copies of its gaps under their own codes, as a large ledger would be.
        var originals = plan.Lines.ToList();
        for (var i = originals.Count; i < lines; i++)
        {
            var source = originals[i % originals.Count];
            plan.Lines.Add(new RectificationLine
            {
                ItemCode = $"{source.ItemCode}-{i}", ItemName = source.ItemName, DimensionCode = source.DimensionCode, DimensionName = source.DimensionName,
                Problem = source.Problem, Current = source.Current, Target = source.Target, PointsLost = source.PointsLost, Goal = source.Goal,
                Measures = source.Measures, Type = source.Type, ResponsibleLeader = source.ResponsibleLeader, LeadUnit = source.LeadUnit,
                CooperatingUnits = source.CooperatingUnits, PersonInCharge = "王主任", Deadline = i % 7 == 0 ? new DateOnly(2026, 3, 1) : source.Deadline,
                Status = (RectificationStatus)(i % 4 + 1), Progress = "已召开专题会议研究部署,正在推进。", Position = i + 1,
            });
        }

        return new PlanView(board, ScoreKind.Final, result, gaps, plan, [], today);
    }

    private async Task SeedSchools(int count)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var root = new School { Name = "基准测试市委党校", Region = "测试", Level = SchoolLevel.City };
        await SchoolRegistry.InsertAsync(db, root, null);
        for (var i = 1; i < count; i++)
            await SchoolRegistry.InsertAsync(db, new School { Name = $"基准测试党校{i}", Region = "测试", Level = SchoolLevel.Township, ParentId = root.Id }, root.Path);
    }

    private byte[] Workbook(int iteration)
    {
        var catalog = _library.Indicators;
        using var scope = _app.Services.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var schools = db.Schools.AsNoTracking().OrderBy(s => s.Id).ToList();
        var rows = schools.Select(s => new IndicatorTemplate.Row(s, 2025, catalog.All.ToDictionary(i => i.Key, i => i.Type == IndicatorType.Boolean
            ? IndicatorValue.Of(iteration % 2 == 0)
            : IndicatorValue.Of((i.Min ?? 0) + iteration % 2))));
        return XlsxWriter.ToBytes([IndicatorTemplate.Sheet(catalog, rows, "基准测试")]);
    }
}
