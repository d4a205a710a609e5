using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Features.Assessments;
using SchoolAssessment.Tests.Features.Rectification;
using SchoolAssessment.Tests.Features.Rounds;
using SchoolAssessment.Tests.Features.Schools;
using SchoolAssessment.Tests.Features.YearlyData;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>
/// The access matrix, through HTTP against the real app: each role against its own school, a child, a
/// sibling and a school outside its tree, for every page and action on schools. Later features add rows.
/// </summary>
public class AccessMatrixTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    /// <summary>Who may: role → the relations it reaches, per action.</summary>
    private static readonly Dictionary<string, Dictionary<string, Relation[]>> Allowed = new()
    {
        ["view"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own, Relation.Child], // its township school, read-only
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [],
        },
        ["edit"] = Manage([Relation.Own, Relation.Child]),
        ["create"] = Manage([Relation.Own, Relation.Child]),
        ["move"] = Manage([Relation.Child]),
        ["data-view"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own, Relation.Child], // its township school, read-only
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [],
        },
        ["data-save"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own],
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [],
        },
        ["assessment-view"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own],
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [Relation.Own], // assigned to that one only
        },
        ["assessment-assign"] = Manage([Relation.Own, Relation.Child]),
        ["self-score"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [],
            [AppRole.SchoolLeader] = [Relation.Own],
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [],
        },
        // The school writes its plan; the supervising school and the assigned evaluators close its lines.
        ["plan-edit"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [],
            [AppRole.SchoolLeader] = [Relation.Own],
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [],
        },
        ["plan-review"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [],
            [AppRole.SchoolStaff] = [],
            [AppRole.Evaluator] = [Relation.Own],
        },
        // A round is read by whoever may read one of its schools' assessments, and run by the supervisors of its
        // owner. Each relation's round is run by that school's parent, so K1's supervisor runs only the child's.
        ["round-view"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own],
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [Relation.Own],
        },
        ["round-manage"] = Manage([Relation.Child]),
        // Here the relation's school is the round's owner.
        ["round-create"] = Manage([Relation.Own, Relation.Child]),
        ["data-history"] = new()
        {
            [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
            [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own, Relation.Child], // its township school, read-only
            [AppRole.SchoolStaff] = [Relation.Own],
            [AppRole.Evaluator] = [],
        },
    };

    private static Dictionary<string, Relation[]> Manage(Relation[] supervisor) => new()
    {
        [AppRole.Administrator] = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside],
        [AppRole.Supervisor] = supervisor,
        [AppRole.SchoolLeader] = [],
        [AppRole.SchoolStaff] = [],
        [AppRole.Evaluator] = [],
    };

    public static TheoryData<string, string, Relation> Cases()
    {
        var data = new TheoryData<string, string, Relation>();
        foreach (var action in new[] { "view", "edit-form", "edit", "create-form", "create", "move-form", "move", "data-view", "data-save", "data-history",
            "assessment-view", "assessment-items", "assessment-history", "assessment-assign", "self-score", "evidence-download", "evidence-upload",
            "plan-view", "plan-line-view", "plan-generate", "plan-line-save", "plan-line-status", "plan-line-review",
            "plan-xlsx", "scoring-sheet-xlsx", "ledger-upload", "indicator-template", "indicator-import-page",
            "round-view", "round-create-form", "round-create", "round-schedule", "round-team", "round-add-schools" })
            foreach (var role in AppRole.All)
                foreach (var relation in Enum.GetValues<Relation>())
                    data.Add(action, role, relation);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_role_is_refused_exactly_where_the_matrix_says(string action, string role, Relation relation)
    {
        var client = await app.ClientForAsync(role);
        var school = await app.SchoolAsync(app.Schools[relation]);
        var id = school.Id;

        var response = action switch
        {
            "view" => await client.GetAsync($"/schools/{id}"),
            "edit-form" => await client.GetAsync($"/schools/{id}/edit"),
            "create-form" => await client.GetAsync($"/schools/new?parent={id}"),
            "move-form" => await client.GetAsync($"/schools/{id}/move"),
            // The school forms are interactive: their event handlers call the registry as the circuit's user.
            "edit" => await CommandResponses.Of(SchoolRequests.UpdateAsync(app, role, id, school.ConcurrencyStamp,
                new SchoolDetails(school.Name, school.Level, school.Region))),
            "create" => await CommandResponses.Of(SchoolRequests.CreateAsync(app, role, id, new SchoolDetails("矩阵新增党校", SchoolLevel.Township, "测试地区"))),
            "move" => await CommandResponses.Of(SchoolRequests.MoveAsync(app, role, id, school.ConcurrencyStamp, school.ParentId!.Value)),
            "data-view" => await client.GetAsync($"/schools/{id}/data?year=2025"),
            "data-history" => await client.GetAsync($"/schools/{id}/data/history?year=2025"),
            "assessment-view" => await client.GetAsync($"/assessments/{app.Assessments[relation]}"),
            "assessment-items" => await client.GetAsync($"/assessments/{app.Assessments[relation]}/items"),
            "assessment-history" => await client.GetAsync($"/assessments/{app.Assessments[relation]}/history"),
            "evidence-download" => await client.GetAsync($"/evidence/{app.EvidenceFiles[relation]}"),
            // The assessment pages are interactive: their event handlers call these commands as the circuit's user.
            "evidence-upload" => await CommandResponses.Of(UploadOutcomeAsync(role, relation)),
            "plan-view" => await client.GetAsync($"/assessments/{app.Assessments[relation]}/plan"),
            "plan-xlsx" => await client.GetAsync($"/assessments/{app.Assessments[relation]}/plan.xlsx"),
            "scoring-sheet-xlsx" => await client.GetAsync($"/assessments/{app.Assessments[relation]}/scoring-sheet.xlsx"),
            // The plan pages are interactive: their event handlers call these commands as the circuit's user (stale stamps:
            // whoever may gets a conflict and nothing changes; anyone else the refusal).
            "ledger-upload" => await CommandResponses.Of(app.UploadLedgerAsync(role, app.Assessments[relation], [1, 2, 3])),
            "indicator-template" => await client.GetAsync($"/schools/{id}/indicators/template.xlsx?year=2025"),
            "indicator-import-page" => await client.GetAsync($"/schools/{id}/indicators/import"),
            "plan-line-view" => await client.GetAsync($"/assessments/{app.Assessments[relation]}/plan/lines/{app.RectificationLines[relation]}"),
            "plan-generate" => await CommandResponses.Of(app.GeneratePlanAsync(role, app.Assessments[relation])),
            "plan-line-save" => await CommandResponses.Of(app.SaveLineAsync(role, await PlanLineAsync(relation),
                LedgerActions.EditOf(await PlanLineAsync(relation), measures: $"{role} 措施", type: "限期整改"), Guid.NewGuid())),
            "plan-line-status" => await CommandResponses.Of(app.SetLineStatusAsync(role, await PlanLineAsync(relation), RectificationStatus.InProgress, stamp: Guid.NewGuid())),
            "plan-line-review" => await CommandResponses.Of(app.ReviewLineAsync(role, await PlanLineAsync(relation), false, "矩阵审核", Guid.NewGuid())),
            "self-score" => await CommandResponses.Of(AssessmentSteps.ScoreAsync(app, SchoolTreeFactory.UserName(role), app.Assessments[relation], "A2",
                ScoreKind.Self, AssessmentSteps.Comment($"{role} 自评"))),
            // Re-assigning the same team leaves the fixture as it was.
            "assessment-assign" => await CommandResponses.Of(AssessmentSteps.AssignAsync(app, SchoolTreeFactory.UserName(role), app.Assessments[relation],
                [SchoolTreeFactory.UserName(AppRole.Evaluator)], relation == Relation.Own ? SchoolTreeFactory.UserName(AppRole.Evaluator) : null)),
            "round-view" => await client.GetAsync($"/rounds/{app.Rounds[relation]}"),
            "round-create-form" => await client.GetAsync($"/rounds/new?owner={id}"),
            // The round pages are interactive: their event handlers call these commands as the circuit's user.
            "round-create" => await CommandResponses.Of(RoundRequests.CreateAsync(app, role, id, "township-six-haves", 2021, "矩阵新增轮次")),
            // Stale stamps: the organiser gets a conflict (nothing changes), anyone else the refusal.
            "round-schedule" => await CommandResponses.Of(RoundRequests.ScheduleAsync(app, role, app.Rounds[relation], app.Assessments[relation], "2020-06-01", Guid.NewGuid())),
            "round-add-schools" => await CommandResponses.Of(RoundRequests.AddSchoolsAsync(app, role, app.Rounds[relation], stamp: Guid.NewGuid())),
            "round-team" => await CommandResponses.Of(RoundRequests.TeamAsync(app, role, app.Rounds[relation], app.Assessments[relation],
                [SchoolTreeFactory.UserName(AppRole.Evaluator)], relation == Relation.Own ? SchoolTreeFactory.UserName(AppRole.Evaluator) : "")),
            // A value that is valid for every level: saving it twice needs the stamp of the first save.
            // The yearly form is interactive: its field saves call the service as the circuit's user.
            "data-save" => await CommandResponses.Of(SaveFromSeededAsync(role, id)),
            _ => throw new ArgumentException(action),
        };

        var matrixAction = action switch
        {
            "assessment-items" or "assessment-history" or "evidence-download" or "plan-view" or "plan-line-view" or "plan-xlsx"
                or "scoring-sheet-xlsx" => "assessment-view",
            "plan-generate" or "plan-line-save" or "plan-line-status" or "ledger-upload" => "plan-edit",
            "indicator-template" or "indicator-import-page" => "data-save",
            "plan-line-review" => "plan-review",
            "round-schedule" or "round-team" or "round-add-schools" => "round-manage",
            "evidence-upload" => "self-score", // the school uploads while it self-assesses, as it scores itself
            _ => action.Replace("-form", ""),
        };
        var allowed = Allowed[matrixAction][role].Contains(relation);
        Assert.True(allowed ? response.StatusCode != HttpStatusCode.Forbidden : response.StatusCode == HttpStatusCode.Forbidden,
            $"{role} {action} {relation}: {(int)response.StatusCode}");
        if (!allowed)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("无权访问", body);
            Assert.DoesNotContain(school.Name, body); // a refusal shows nothing of the school
        }
        else
        {
            Assert.True((int)response.StatusCode < 500, $"{role} {action} {relation}: {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// The one case that writes what another case of the matrix would meet (a yearly value, whose second save needs the
    /// first's stamp): it starts from the database as first copied (<see cref="AppFactory.ResetDatabaseAsync"/>), so every
    /// role saves the same year. The other cases write nothing another reads, or are refused, so they run without a reset
    /// (the matrix has about 700 cases).
    /// </summary>
    private async Task<SchoolAssessment.Shared.CommandOutcome<SchoolAssessment.Features.YearlyData.SavedField>> SaveFromSeededAsync(string role, int school)
    {
        await app.ResetDatabaseAsync();
        return await YearlyRequests.SaveAsync(app, role, school, 2025, "fulltimeTeachers", "7");
    }

    private Task<RectificationLine> PlanLineAsync(Relation relation) =>
        app.QueryAsync(db => db.RectificationLines.AsNoTracking().SingleAsync(l => l.Id == app.RectificationLines[relation]));

    [Theory]
    [InlineData(AppRole.Administrator, new[] { Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside })]
    [InlineData(AppRole.Supervisor, new[] { Relation.Own, Relation.Child })]
    [InlineData(AppRole.SchoolLeader, new[] { Relation.Own, Relation.Child })] // its township school, read-only
    [InlineData(AppRole.SchoolStaff, new[] { Relation.Own })]
    [InlineData(AppRole.Evaluator, new Relation[0])]
    public async Task The_school_list_shows_exactly_what_a_role_may_see(string role, Relation[] visible)
    {
        var client = await app.ClientForAsync(role);
        var listed = new List<int>();
        // The list is paged by the database; its prerender shows each page's rows (the address holds the page).
        for (var page = 1; page < 20; page++)
        {
            var html = new HtmlParser().ParseDocument(await client.GetStringAsync($"/schools?page={page}"));
            listed.AddRange(html.QuerySelectorAll("[data-role=school-list] [data-school]").Select(r => int.Parse(r.GetAttribute("data-school")!)));
            if (page >= int.Parse(html.QuerySelector("[data-role=total]")!.GetAttribute("data-pages")!)) break;
        }

        foreach (var relation in Enum.GetValues<Relation>())
            Assert.Equal(visible.Contains(relation), listed.Contains(app.Schools[relation]));
    }

    [Theory]
    [InlineData(AppRole.Supervisor)]
    [InlineData(AppRole.SchoolLeader)]
    [InlineData(AppRole.SchoolStaff)]
    [InlineData(AppRole.Evaluator)]
    public async Task Only_an_administrator_opens_the_accounts_page(string role)
    {
        var refused = await (await app.ClientForAsync(role)).GetAsync("/admin/users");
        var admin = await (await app.ClientForAsync(AppRole.Administrator)).GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_the_login_page()
    {
        await app.EnsureSeededAsync();
        var client = app.NewClient();

        var response = await client.GetAsync($"/schools/{app.Schools[Relation.Own]}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_guessed_url_is_refused_and_the_attempt_recorded()
    {
        var client = await app.ClientForAsync(AppRole.SchoolLeader);
        var outside = app.Schools[Relation.Outside];

        var response = await client.GetAsync($"/schools/{outside}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("外县委党校K3", await response.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(await db.SecurityEvents.AnyAsync(e => e.UserName == SchoolTreeFactory.UserName(AppRole.SchoolLeader)
            && e.Target.Contains(outside.ToString()) && e.RequestPath == $"/schools/{outside}"));
    }

    [Fact]
    public async Task A_county_leader_sees_its_township_schools_on_its_page_read_only()
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var staff = await app.ClientForAsync(AppRole.SchoolStaff);
        var child = app.Schools[Relation.Child];

        var own = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await leader.GetStringAsync($"/schools/{app.Schools[Relation.Own]}"));
        var childPage = await leader.GetStringAsync($"/schools/{child}/data?year=2025");
        var save = await CommandResponses.Of(YearlyRequests.SaveAsync(app, AppRole.SchoolLeader, child, 2025, "townshipSchoolEstablished", "true"));
        var staffsOwn = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await staff.GetStringAsync($"/schools/{app.Schools[Relation.Own]}"));

        Assert.NotNull(own.QuerySelector($"[data-role=children] tr[data-school='{child}']"));
        Assert.Contains("测试乡镇党校T1", childPage);
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode); // read-only
        Assert.Null(staffsOwn.QuerySelector($"[data-role=children] tr[data-school='{child}']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync($"/assessments/{app.Assessments[Relation.Child]}")).StatusCode);
    }

    private async Task<CommandOutcome<EvidenceFile>> UploadOutcomeAsync(string role, Relation relation) =>
        (await AssessmentSteps.UploadAsync(app, SchoolTreeFactory.UserName(role), app.Assessments[relation], "A1", "matrix.pdf",
            "%PDF-1.7 matrix"u8.ToArray())).ToOutcome();
}
