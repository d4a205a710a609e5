using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Dashboards;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Dashboards;

/// <summary>A small province of its own: nothing else writes results here.</summary>
public sealed class SummaryTreeFactory : AppFactory
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Demo:Enabled", "false");
}

/// <summary>
/// The kept subtree figures against a full recount, written here from the stored results alone: after random saves of
/// random schools' values, random moves of counties and townships between parents, and a removal, they are equal.
/// </summary>
public class SubtreeSummaryTests(SummaryTreeFactory app) : IClassFixture<SummaryTreeFactory>
{
    private static readonly int[] Years = [2023, 2024];

    [Fact]
    public async Task Kept_figures_equal_a_full_recount_after_random_saves_and_moves()
    {
        _ = app.Server;
        var random = new Random(20261201);
        var (cities, counties, townships) = await TreeAsync();

        for (var step = 0; step < 40; step++)
        {
            var roll = random.Next(10);
            if (roll < 7)
            {
                // A save: some of a school's values change, then its results are recorded as a save records them.
                var school = random.Next(2) == 0 ? counties[random.Next(counties.Count)] : townships[random.Next(townships.Count)];
                await SaveAsync(school, Years[random.Next(Years.Length)], random);
            }
            else if (roll < 9)
            {
                var township = townships[random.Next(townships.Count)];
                await MoveAsync(township, counties[random.Next(counties.Count)]);
            }
            else
            {
                await MoveAsync(counties[random.Next(counties.Count)], cities[random.Next(cities.Count)]);
            }

            if (step % 8 == 7) Assert.Equal(await RecountAsync(), await KeptAsync());
        }

        Assert.Equal(await RecountAsync(), await KeptAsync());
        Assert.NotEmpty(await KeptAsync());

        // The whole recount (results rebuild, or at start) gives the same rows.
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            await SubtreeSummaries.RebuildAsync(db);
        Assert.Equal(await RecountAsync(), await KeptAsync());
    }

    [Fact]
    public async Task The_dashboard_reads_the_kept_figures_and_they_agree_with_a_filtered_count()
    {
        _ = app.Server;
        var (_, counties, townships) = await TreeAsync();
        var random = new Random(7);
        foreach (var school in counties.Concat(townships)) await SaveAsync(school, 2024, random);
        var province = await app.QueryAsync(db => db.Schools.Where(s => s.Name == "概况省委党校").Select(s => s.Id).FirstAsync());

        // The whole subtree comes from the kept figures; a filter that keeps every county (层级：县级) counts them over the results.
        var whole = await LoadAsync(new DashboardFilter(StandardId: "optimized-development", Year: 2024, RootId: province));
        var counted = await LoadAsync(new DashboardFilter(StandardId: "optimized-development", Year: 2024, RootId: province, Level: SchoolLevel.County));

        Assert.Equal(counted.Schools, whole.Schools);
        Assert.Equal(counted.Average, whole.Average);
        Assert.Equal(counted.Passed, whole.Passed);
        Assert.Equal(counted.WithVetoes, whole.WithVetoes);
        Assert.Equal(counted.Grades, whole.Grades);
        Assert.Equal(counted.Weakest, whole.Weakest);
        Assert.True(whole.Schools >= counties.Count);
    }

    private Task<SupervisorPicture> LoadAsync(DashboardFilter filter) =>
        app.AsAsync<SupervisorDashboardService, SupervisorPicture>(AccountSetup.AdministratorUserName, "/dashboard",
            async (service, user) => (await service.LoadAsync(user, filter))!);

    private async Task<(List<int> Cities, List<int> Counties, List<int> Townships)> TreeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var existing = await db.Schools.Where(s => s.Name == "概况省委党校").FirstOrDefaultAsync();
        if (existing is not null)
        {
            var under = await db.Schools.Where(s => s.Path.StartsWith(existing.Path)).ToListAsync();
            List<int> Of(SchoolLevel level) => under.Where(s => s.Level == level).Select(s => s.Id).ToList();
            return (Of(SchoolLevel.City), Of(SchoolLevel.County), Of(SchoolLevel.Township));
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        async Task<School> Add(string name, SchoolLevel level, School? parent)
        {
            var school = new School { Name = name, Level = level, Region = name, ParentId = parent?.Id };
            await SchoolRegistry.InsertAsync(db, school, parent?.Path);
            return school;
        }

        var province = await Add("概况省委党校", SchoolLevel.Provincial, null);
        var (cities, counties, townships) = (new List<int>(), new List<int>(), new List<int>());
        for (var c = 1; c <= 2; c++)
        {
            var city = await Add($"概况市委党校{c}", SchoolLevel.City, province);
            cities.Add(city.Id);
            for (var k = 1; k <= 2; k++)
            {
                var county = await Add($"概况县委党校{c}{k}", SchoolLevel.County, city);
                counties.Add(county.Id);
                for (var t = 1; t <= 2; t++) townships.Add((await Add($"概况乡镇党校{c}{k}{t}", SchoolLevel.Township, county)).Id);
            }
        }

        await transaction.CommitAsync();
        return (cities, counties, townships);
    }

    private async Task SaveAsync(int schoolId, int year, Random random)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<StandardLibrary>();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // A few of the catalogue's plain (not derived) indicators, each set, changed or cleared at random.
            foreach (var indicator in library.Indicators.All.Where(i => !i.IsDerived).OrderBy(_ => random.Next()).Take(12))
            {
                var stored = await db.YearlyIndicatorValues.FirstOrDefaultAsync(v => v.SchoolId == schoolId && v.Year == year && v.IndicatorKey == indicator.Key);
                if (stored is not null && random.Next(4) == 0)
                {
                    db.YearlyIndicatorValues.Remove(stored);
                    continue;
                }

                stored ??= db.YearlyIndicatorValues.Add(new YearlyIndicatorValue { SchoolId = schoolId, Year = year, IndicatorKey = indicator.Key, UpdatedBy = "test" }).Entity;
                if (indicator.Type == IndicatorType.Boolean) (stored.Flag, stored.Number) = (random.Next(2) == 0, null);
                else (stored.Number, stored.Flag) = (random.Next(0, 40), null);
            }

            await db.SaveChangesAsync();
        }

        await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RecordAsync(schoolId, year);
    }

    private async Task MoveAsync(int schoolId, int parentId)
    {
        var stamp = await app.QueryAsync(db => db.Schools.Where(s => s.Id == schoolId).Select(s => s.ConcurrencyStamp).FirstAsync());
        var result = await app.AsAsync<SchoolRegistry, CommandOutcome<School>>(AccountSetup.AdministratorUserName, "/schools",
            (registry, user) => registry.MoveAsync(user, schoolId, stamp, parentId));
        Assert.True(result.Succeeded, string.Join("；", result.Errors.Select(e => e.Message)));
    }

    /// <summary>The kept rows that say anything (a figure brought back to zero may stay as a zero row).</summary>
    private Task<List<string>> KeptAsync() => app.QueryAsync(async db =>
        (await db.SubtreeFigures.AsNoTracking().ToListAsync())
            .Where(f => f.Count != 0 || f.Sum != 0)
            .Select(f => Line(f.RootSchoolId, f.StandardId, f.Year, f.Key, f.Count, f.Sum))
            .Order(StringComparer.Ordinal).ToList());

    /// <summary>Every figure counted from scratch: each result counts for each school on its path (a township school for none of its own).</summary>
    private Task<List<string>> RecountAsync() => app.QueryAsync(async db =>
    {
        var schools = await db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id);
        var results = await db.SchoolResults.AsNoTracking().ToListAsync();
        var missed = (await db.SchoolItemResults.AsNoTracking().Where(i => !i.Met).ToListAsync()).ToLookup(i => i.SchoolResultId);
        var figures = new Dictionary<(int, string, int, string), (int Count, decimal Sum)>();
        void Bump(int root, SchoolResult r, string key, decimal sum)
        {
            var (count, total) = figures.GetValueOrDefault((root, r.StandardId, r.Year, key));
            figures[(root, r.StandardId, r.Year, key)] = (count + 1, total + sum);
        }

        foreach (var result in results)
        {
            var roots = schools.Values.Where(s => s.Level != SchoolLevel.Township && schools[result.SchoolId].Path.StartsWith(s.Path, StringComparison.Ordinal));
            foreach (var root in roots)
            {
                Bump(root.Id, result, SubtreeFigure.Schools, result.Total);
                if (result.Passed) Bump(root.Id, result, SubtreeFigure.Passed, 0);
                if (result.VetoFailures > 0) Bump(root.Id, result, SubtreeFigure.Vetoed, 0);
                Bump(root.Id, result, SubtreeFigure.GradePrefix + result.GradeCode, 0);
                foreach (var item in missed[result.Id]) Bump(root.Id, result, SubtreeFigure.ItemPrefix + item.ItemCode, 0);
            }
        }

        return figures.Select(f => Line(f.Key.Item1, f.Key.Item2, f.Key.Item3, f.Key.Item4, f.Value.Count, f.Value.Sum)).Order(StringComparer.Ordinal).ToList();
    });

    private static string Line(int root, string standard, int year, string key, int count, decimal sum) => $"{root} {standard} {year} {key} {count} {sum:0.####}";
}
