using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Rounds;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Tests.Support;

/// <summary>How a school stands to the school a user is bound to.</summary>
public enum Relation
{
    Own,
    Child,
    Sibling,
    Outside,
}

/// <summary>
/// The app with a small known tree and one account per role, every bound account bound to county K1:
/// 省P → 市C → 县K1 (own) → 乡T1 (child); 市C → 县K2 (sibling); 省P2 → 市C2 → 县K3 (outside).
/// </summary>
public class SchoolTreeFactory : AppFactory
{
    public const string Password = "Test2026pass";
    private readonly SemaphoreSlim _seeding = new(1, 1);
    private readonly Dictionary<string, HttpClient> _clients = [];
    private bool _seeded;

    public Dictionary<Relation, int> Schools { get; } = [];

    /// <summary>An assessment of each school (year 2020); the evaluator account leads the one of its own school.</summary>
    public Dictionary<Relation, int> Assessments { get; } = [];

    /// <summary>One evidence file in each of those assessments.</summary>
    public Dictionary<Relation, long> EvidenceFiles { get; } = [];

    /// <summary>One ledger line (item A1) in each assessment's rectification plan.</summary>
    public Dictionary<Relation, long> RectificationLines { get; } = [];

    /// <summary>An evaluation round per school, run by the school's parent, holding that school's assessment.</summary>
    public Dictionary<Relation, int> Rounds { get; } = [];

    public int RootId { get; private set; }

    public static readonly IReadOnlyList<string> Roles = AppRole.All;

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Evidence:MaxMegabytes", "1"); // small, so "too large" is cheap to test
    }

    public async Task EnsureSeededAsync()
    {
        await _seeding.WaitAsync();
        try
        {
            if (_seeded) return;
            _ = Server; // starts the app: migrations, roles, the administrator
            await using var scope = Services.CreateAsyncScope();
            var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var p = await AddAsync(db, "测试省委党校", SchoolLevel.Provincial, null);
            var c = await AddAsync(db, "测试市委党校", SchoolLevel.City, p);
            Schools[Relation.Own] = (await AddAsync(db, "测试县委党校K1", SchoolLevel.County, c)).Id;
            Schools[Relation.Child] = (await AddAsync(db, "测试乡镇党校T1", SchoolLevel.Township, await db.Schools.FindAsync(Schools[Relation.Own]))).Id;
            Schools[Relation.Sibling] = (await AddAsync(db, "测试县委党校K2", SchoolLevel.County, c)).Id;
            var p2 = await AddAsync(db, "外省委党校", SchoolLevel.Provincial, null);
            var c2 = await AddAsync(db, "外市委党校", SchoolLevel.City, p2);
            Schools[Relation.Outside] = (await AddAsync(db, "外县委党校K3", SchoolLevel.County, c2)).Id;
            RootId = p.Id;

            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            foreach (var role in Roles)
            {
                var user = new ApplicationUser
                {
                    UserName = UserName(role), DisplayName = role,
                    SchoolId = AppRole.NeedsSchool(role) ? Schools[Relation.Own] : null,
                };
                AccountSetup.Check(await users.CreateAsync(user, Password), role);
                AccountSetup.Check(await users.AddToRoleAsync(user, role), role);
            }

            foreach (var (relation, schoolId) in Schools)
            {
                var standard = relation == Relation.Child ? "township-six-haves" : "optimized-development";
                var version = await db.StandardVersions.Where(v => v.StandardId == standard).Select(v => v.Id).FirstAsync();
                var round = new EvaluationRound
                {
                    Name = $"矩阵轮次 {relation}", StandardId = standard, Year = 2020, OwnerSchoolId = (await db.Schools.FindAsync(schoolId))!.ParentId!.Value,
                    StartsOn = new DateOnly(2020, 3, 1), EndsOn = new DateOnly(2020, 12, 31),
                };
                db.EvaluationRounds.Add(round);
                await db.SaveChangesAsync();
                Rounds[relation] = round.Id;
                var assessment = new Assessment { SchoolId = schoolId, StandardId = standard, StandardVersionId = version, Year = 2020, RoundId = round.Id };
                if (relation == Relation.Own)
                {
                    var evaluator = await users.FindByNameAsync(UserName(AppRole.Evaluator));
                    assessment.Evaluators.Add(new AssessmentEvaluator { UserId = evaluator!.Id, IsLead = true });
                }

                db.Assessments.Add(assessment);
                await db.SaveChangesAsync();
                Assessments[relation] = assessment.Id;

                var stored = await scope.ServiceProvider.GetRequiredService<EvidenceStore>().SaveAsync(new MemoryStream("%PDF-1.7 fixture"u8.ToArray()));
                var file = new EvidenceFile
                {
                    AssessmentId = assessment.Id, SchoolId = schoolId, ItemCode = "A1", FileName = "fixture.pdf",
                    Kind = EvidenceFileKind.Pdf, Sha256 = stored.Sha256, Length = stored.Length,
                };
                db.EvidenceFiles.Add(file);
                var plan = new RectificationPlan { AssessmentId = assessment.Id, SchoolId = schoolId, BasisGrade = "未达标" };
                var line = new RectificationLine
                {
                    AssessmentId = assessment.Id, SchoolId = schoolId, ItemCode = "A1", ItemName = "矩阵事项", DimensionCode = "A", DimensionName = "矩阵维度",
                    Measures = "矩阵措施",
                };
                plan.Lines.Add(line);
                db.RectificationPlans.Add(plan);
                await db.SaveChangesAsync();
                EvidenceFiles[relation] = file.Id;
                RectificationLines[relation] = line.Id;
            }

            _seeded = true;
        }
        finally
        {
            _seeding.Release();
        }
    }

    public static string UserName(string role) => "t-" + role.ToLowerInvariant();

    /// <summary>
    /// The tree, and a client signed in as every role, before the first copy of the database: every client a test
    /// gets from <see cref="ClientForAsync"/> then carries a security stamp the restored accounts still have.
    /// </summary>
    protected override async Task BeforeSnapshotAsync()
    {
        await EnsureSeededAsync();
        foreach (var role in Roles) await ClientForAsync(role);
    }

    /// <summary>A client signed in as the role's account, not following redirects, so a refusal shows as it is.</summary>
    public async Task<HttpClient> ClientForAsync(string role)
    {
        await EnsureSeededAsync();
        lock (_clients)
        {
            if (_clients.TryGetValue(role, out var existing)) return existing;
        }

        var client = NewClient();
        var response = await SignInAsync(client, UserName(role), Password);
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {role} failed: {response.StatusCode}");
        lock (_clients) _clients[role] = client;
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var token = await TokenAsync(client, "/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = userName, ["Input.Password"] = password,
        }));
    }

    /// <summary>Posts form fields with the user's antiforgery token, as the browser's form would (the static pages: sign-in, password, sign-out).</summary>
    /// <summary>The own school's leader, once the own assessment's rectification plan has been generated.</summary>
    public async Task<HttpClient> LeaderWithPlanAsync()
    {
        var leader = await ClientForAsync(AppRole.SchoolLeader);
        var generated = await this.AsAsync<RectificationService, SchoolAssessment.Shared.CommandOutcome<PlanMerge>>(UserName(AppRole.SchoolLeader),
            $"/assessments/{Assessments[Relation.Own]}/plan", (plans, user) => plans.GenerateAsync(user, Assessments[Relation.Own], "2027-06-30"));
        if (!generated.Succeeded) throw new InvalidOperationException($"plan not generated: {generated.Kind}");
        return leader;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, params (string Name, string Value)[] fields)
    {
        var token = await TokenAsync(client, "/schools");
        return await client.PostAsync(url, new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token))));
    }

    /// <summary>The antiforgery token of a page's first form (every signed-in page has one: the sign-out form).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return new HtmlParser().ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"no antiforgery token on {path}");
    }

    public async Task<School> SchoolAsync(int id)
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Schools.AsNoTracking().FirstAsync(s => s.Id == id);
    }

    private static async Task<School> AddAsync(AppDbContext db, string name, SchoolLevel level, School? parent)
    {
        var school = new School { Name = name, Level = level, Region = "测试地区", ParentId = parent?.Id };
        await SchoolRegistry.InsertAsync(db, school, parent?.Path);
        return school;
    }
}
