using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Demo;

/// <summary>A demo account, listed on the login page and in the README.</summary>
public sealed record DemoAccount(string UserName, string DisplayName, string Role, string? SchoolName);

/// <summary>
/// Demo data when asked for (configuration "Demo:Enabled": on in Development, off otherwise): a school tree
/// modelled on the seed documents, every school marked 示例, and one account per role.
/// </summary>
public sealed class DemoData(
    IDbContextFactory<AppDbContext> dbFactory, UserManager<ApplicationUser> users, SchoolStandards standards, StandardLibrary library, TimeProvider clock,
    ILogger<DemoData> logger)
{
    /// <summary>The demo accounts' shared password: demo data only, never a real account.</summary>
    public const string Password = "Demo2026pass";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("supervisor", "恩施州委党校 督导员", AppRole.Supervisor, "恩施州委党校"),
        new("leader", "利川市委党校 校领导", AppRole.SchoolLeader, "利川市委党校"),
        new("staff", "利川市委党校 工作人员", AppRole.SchoolStaff, "利川市委党校"),
        new("evaluator", "评估专家", AppRole.Evaluator, null),
    ];

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Demo:Enabled", false);

    // The tree: seed 000 (a district creating the optimized-development class), seed 001 (a county-level
    // city in Hubei), seed 002 (a city with 10 pilot township schools), seed 004 (Lichuan, 15 township schools).
    private static readonly Node Tree = new("安徽省委党校", SchoolLevel.Provincial, "安徽省",
    [
        new("合肥市委党校", SchoolLevel.City, "安徽省合肥市",
        [
            new("庐阳区委党校", SchoolLevel.County, "安徽省合肥市庐阳区", []),
        ]),
        new("阜阳市委党校", SchoolLevel.City, "安徽省阜阳市",
        [
            new("临泉县委党校", SchoolLevel.County, "安徽省阜阳市临泉县",
                Townships("安徽省阜阳市临泉县", "城关街道", "杨桥镇", "鲖城镇", "谭棚镇", "老集镇")),
            new("太和县委党校", SchoolLevel.County, "安徽省阜阳市太和县",
                Townships("安徽省阜阳市太和县", "城关镇", "旧县镇", "税镇镇", "皮条孙镇", "原墙镇")),
        ]),
    ]);

    private static readonly Node HubeiTree = new("湖北省委党校", SchoolLevel.Provincial, "湖北省",
    [
        new("宜昌市委党校", SchoolLevel.City, "湖北省宜昌市",
        [
            new("当阳市委党校", SchoolLevel.County, "湖北省宜昌市当阳市", []),
        ]),
        new("恩施州委党校", SchoolLevel.City, "湖北省恩施土家族苗族自治州",
        [
            new("利川市委党校", SchoolLevel.County, "湖北省恩施州利川市",
                Townships("湖北省恩施州利川市", "都亭街道", "东城街道", "凉雾乡", "南坪乡", "元堡乡", "沙溪乡", "文斗镇", "建南镇",
                    "忠路镇", "毛坝镇", "汪营镇", "团堡镇", "柏杨坝镇", "谋道镇", "经济开发区")),
        ]),
    ]);

    public async Task SeedAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Schools.AnyAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var root in new[] { Tree, HubeiTree }) await AddAsync(db, root, null, now);
            await AddValuesAsync(db, now);
            await transaction.CommitAsync();
            logger.LogInformation("Demo data: {Count} schools added", await db.Schools.CountAsync());
        }

        // One hash of the shared password for every demo account: each PBKDF2 hash costs about 0.1 CPU-s at start,
        // and a salt of its own protects nothing when the password is published. DemoPasswordGuard checks each
        // distinct hash once.
        string? hash = null;
        foreach (var account in Accounts)
        {
            if (await users.FindByNameAsync(account.UserName) is not null) continue;
            var schoolId = account.SchoolName is null ? null : await db.Schools.Where(s => s.Name == account.SchoolName).Select(s => (int?)s.Id).FirstOrDefaultAsync();
            var user = new ApplicationUser { UserName = account.UserName, DisplayName = account.DisplayName, SchoolId = schoolId, IsDemo = true };
            user.PasswordHash = hash ??= users.PasswordHasher.HashPassword(user, Password);
            AccountSetup.Check(await users.CreateAsync(user), $"demo account {account.UserName}");
            AccountSetup.Check(await users.AddToRoleAsync(user, account.Role), $"demo role {account.Role}");
        }
    }

    /// <summary>The years of indicators every demo school has entered: two full years before the last one, which is left to enter.</summary>
    public static IReadOnlyList<int> ValueYears(int currentYear) => [currentYear - 3, currentYear - 2];

    /// <summary>
    /// Plausible indicators for every demo school and year (the generator's seeded draws), so the dashboards have
    /// something to show at first start. Generated, not anyone's entry: not audited.
    /// </summary>
    private async Task AddValuesAsync(AppDbContext db, DateTime now)
    {
        var years = ValueYears(clock.GetLocalNow().Year);
        var indicators = Enum.GetValues<SchoolLevel>().ToDictionary(l => l,
            l => new DemoIndicators(standards.For(l), library.Indicators, l == SchoolLevel.County ? DemoGenerator.CountyLift : 0));
        var rows = new List<YearlyIndicatorValue>();
        foreach (var school in await db.Schools.AsNoTracking().OrderBy(s => s.Id).ToListAsync())
        {
            for (var y = 0; y < years.Count; y++)
            {
                foreach (var (key, value) in DemoPlan.Values(7, school.Id, y, years.Count, indicators[school.Level]))
                {
                    rows.Add(new YearlyIndicatorValue
                    {
                        SchoolId = school.Id, Year = years[y], IndicatorKey = key, Number = value.Number, Flag = value.Flag, UpdatedAtUtc = now, UpdatedBy = "(示例数据)",
                    });
                }
            }
        }

        // In bulk, as the demo generator writes them (no interceptor runs, so no audit rows): through SaveChanges these
        // few thousand rows were a third of a first start's CPU.
        await BulkInsert.InsertAsync(db, rows);
    }

    private static async Task AddAsync(AppDbContext db, Node node, School? parent, DateTime now)
    {
        var school = new School
        {
            Name = node.Name, Level = node.Level, Region = node.Region, ParentId = parent?.Id, IsDemo = true,
            CreatedAtUtc = now, UpdatedAtUtc = now,
        };
        await SchoolRegistry.InsertAsync(db, school, parent?.Path);
        foreach (var child in node.Children) await AddAsync(db, child, school, now);
    }

    private static Node[] Townships(string region, params string[] names) =>
        names.Select(n => new Node($"{n}党校", SchoolLevel.Township, $"{region}{n}", [])).ToArray();

    private sealed record Node(string Name, SchoolLevel Level, string Region, IReadOnlyList<Node> Children);
}
