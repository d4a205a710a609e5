using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standings;

/// <summary>A database with nothing but what the generator writes.</summary>
public sealed class GeneratedProvinceFactory : AppFactory
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Demo:Enabled", "false");
}

/// <summary>
/// The generator scores the province in memory and writes results, items and subtree figures in bulk; what it writes must
/// be what the app's own recording path keeps. After a generation, <c>results rebuild</c> (every school-year scored again
/// from the stored values, derived values read back from the stored township results, the figures recounted) changes nothing.
/// </summary>
public class DemoGeneratorFiguresTests(GeneratedProvinceFactory app) : IClassFixture<GeneratedProvinceFactory>
{
    [Fact]
    public async Task A_generated_province_keeps_the_results_and_figures_a_recomputation_gives()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(new DemoOptions(Schools: 80, Years: 2, Seed: 11));
            Assert.False(outcome.AlreadyGenerated);
            Assert.Equal(outcome.Results.Results, await app.QueryAsync(db => db.SchoolResults.CountAsync()));
            Assert.Equal(outcome.Results.Items, await app.QueryAsync(db => db.SchoolItemResults.CountAsync()));
        }

        var generated = await SnapshotAsync();
        Assert.NotEmpty(generated.Results);
        Assert.NotEmpty(generated.Figures);
        // Counties have derived values from their township schools: some pass on them, so they must match too.
        Assert.Contains(generated.Results, r => r.StartsWith("county", StringComparison.Ordinal));

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RebuildAsync();
        var recomputed = await SnapshotAsync();

        Assert.Equal(recomputed.Results, generated.Results);
        Assert.Equal(recomputed.Items, generated.Items);
        Assert.Equal(recomputed.Figures, generated.Figures);
    }

    private async Task<(List<string> Results, List<string> Items, List<string> Figures)> SnapshotAsync()
    {
        var results = await app.QueryAsync(async db => (await db.SchoolResults.AsNoTracking()
                .Select(r => new { r.School!.Level, r.SchoolId, r.StandardId, r.Year, r.Total, r.Max, r.GradeCode, r.GradeName, r.Passed, r.VetoFailures, r.ItemsMissing, r.Dimensions })
                .ToListAsync())
            .Select(r => $"{(r.Level == SchoolAssessment.Features.Schools.SchoolLevel.County ? "county" : "other")} {r.SchoolId} {r.StandardId} {r.Year} {r.Total:0.####} {r.Max:0.####} "
                + $"{r.GradeCode} {r.GradeName} {r.Passed} {r.VetoFailures} {r.ItemsMissing} {r.Dimensions}")
            .Order(StringComparer.Ordinal).ToList());
        var items = await app.QueryAsync(async db => (await db.SchoolItemResults.AsNoTracking()
                .Join(db.SchoolResults, i => i.SchoolResultId, r => r.Id, (i, r) => new { i, r.SchoolId, r.StandardId, r.Year })
                .ToListAsync())
            .Select(x => $"{x.SchoolId} {x.StandardId} {x.Year} = {x.i.SchoolId} {x.i.StandardId} {x.i.Year} {x.i.ItemCode} {x.i.Score:0.####} {x.i.Lost:0.####} {x.i.Met} {x.i.Veto}")
            .Order(StringComparer.Ordinal).ToList());
        var figures = await app.QueryAsync(async db => (await db.SubtreeFigures.AsNoTracking().ToListAsync())
            .Where(f => f.Count != 0 || f.Sum != 0)
            .Select(f => $"{f.RootSchoolId} {f.StandardId} {f.Year} {f.Key} {f.Count} {f.Sum:0.####}")
            .Order(StringComparer.Ordinal).ToList());
        return (results, items, figures);
    }
}
