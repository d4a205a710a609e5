using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Features.Rectification;
using SchoolAssessment.Tests.Features.YearlyData;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>
/// The official result through the services the pages call: the team's override carried into the final score, feedback refused until every item
/// is decided, the issued result equal to the panel's agreed total, close-out refused with open ledger lines, reopening.
/// </summary>
public class FinalScoresTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string SecondEvaluator = "panel-second";

    private Task<Assessment> LoadAsync(int id) => app.QueryAsync(db => db.Assessments.AsNoTracking().FirstAsync(a => a.Id == id));

    private static readonly string Lead = SchoolTreeFactory.UserName(AppRole.Evaluator);

    private Task<CommandOutcome<Assessment>> GiveAsync(string role, int id, AssessmentCommand command, string? text = null) =>
        AssessmentSteps.MoveAsync(app, SchoolTreeFactory.UserName(role), id, command, text);

    /// <summary>An on-site assessment of the own county with 10 full-time teachers (C1 computes 6) and a two-person team.</summary>
    private async Task<int> OnSiteAsync(int year)
    {
        await app.EnsureSeededAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.FindByNameAsync(SecondEvaluator) is null)
            {
                var user = new ApplicationUser { UserName = SecondEvaluator, DisplayName = "李评委" };
                await users.CreateAsync(user, SchoolTreeFactory.Password);
                await users.AddToRoleAsync(user, AppRole.Evaluator);
            }
        }

        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var county = app.Schools[Relation.Own];
        Assert.True((await YearlyRequests.SaveAsync(app, AppRole.SchoolLeader, county, year, "fulltimeTeachers", "10")).Succeeded);
        var id = await AssessmentSteps.StartAsync(app, SchoolTreeFactory.UserName(AppRole.SchoolLeader), county, "optimized-development", year);
        Assert.True((await AssessmentSteps.AssignAsync(app, SchoolTreeFactory.UserName(AppRole.Supervisor), id, [Lead, SecondEvaluator], Lead)).Succeeded);
        Assert.True((await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit)).Succeeded);
        Assert.True((await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.StartOnSite)).Succeeded);
        return id;
    }

    /// <summary>Both evaluators: C1 overridden 6 → 4 with the same reason, and the three graded items at one level each.</summary>
    private async Task PanelAgreesAsync(int id, string c1Reason = "花名册中2人为借调")
    {
        foreach (var evaluator in new[] { Lead, SecondEvaluator })
        {
            Assert.True((await AssessmentSteps.ScoreAsync(app, evaluator, id, "C1", ScoreKind.Evaluator, new ScoreEntry(null, null, 4, c1Reason, "专职教师实为8人"))).Succeeded);
            foreach (var (code, level) in new[] { ("B5", "B"), ("D2", "A"), ("G2", "A") })
                Assert.True((await AssessmentSteps.ScoreAsync(app, evaluator, id, code, ScoreKind.Evaluator, AssessmentSteps.Level(level))).Succeeded);
        }
    }

    [Fact]
    public async Task The_team_s_override_is_carried_into_the_final_score_never_dropped_by_saving_an_empty_box()
    {
        var id = await OnSiteAsync(Year);
        await PanelAgreesAsync(id);
        var lead = await app.ClientForAsync(AppRole.Evaluator);

        var view = new HtmlParser().ParseDocument(await lead.GetStringAsync($"/assessments/{id}/items?final=true&item=C1"));
        Assert.Equal("4", view.QuerySelector("#item-C1 [data-role=proposal-score]")!.TextContent);
        Assert.Equal("true", view.QuerySelector("#item-C1 [data-role=proposal]")!.GetAttribute("data-agreed"));

        // The lead presses 保存 on C1 with the override box empty.
        var saved = await AssessmentSteps.ScoreAsync(app, Lead, id, "C1", ScoreKind.Final, new ScoreEntry(null, null, null, "", "核实"));

        Assert.True(saved.Succeeded);
        var final = await app.QueryAsync(db => db.ItemScores.SingleAsync(s => s.AssessmentId == id && s.ItemCode == "C1" && s.Kind == ScoreKind.Final));
        Assert.Equal((4m, "花名册中2人为借调"), (final.OverrideScore!.Value, final.OverrideReason));
        var after = new HtmlParser().ParseDocument(await lead.GetStringAsync($"/assessments/{id}/items?final=true&item=C1"));
        Assert.Equal("4（计算 6）", after.QuerySelector("[data-party=最终核定] [data-role=score]")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_feedback_is_refused_until_every_item_is_decided_and_the_issued_result_is_the_panel_s_agreed_total()
    {
        var id = await OnSiteAsync(Year);
        await PanelAgreesAsync(id);
        var lead = await app.ClientForAsync(AppRole.Evaluator);

        var refused = await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback, "师资不足，需补充。");
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        var message = string.Join("", refused.For("finals"));
        Assert.Contains("48 项未核定", message);
        Assert.Contains("D2", message);
        Assert.Equal(AssessmentState.OnSite, (await LoadAsync(id)).State);

        // Every item agreed: one action decides them all.
        Assert.Equal(48, (await AssessmentSteps.AcceptAgreedAsync(app, Lead, id)).Value);
        var summary = new HtmlParser().ParseDocument(await lead.GetStringAsync($"/assessments/{id}")).QuerySelector("[data-role=feedback-summary]")!;
        var panelTotal = summary.QuerySelector("[data-role=panel-total] td:nth-child(2)")!.TextContent;
        Assert.Equal(panelTotal, summary.QuerySelector("[data-role=final-total] td:nth-child(2)")!.TextContent);
        Assert.NotNull(summary.QuerySelector("[data-role=no-differences]"));
        Assert.Null(summary.QuerySelector("[data-role=missing]"));

        Assert.True((await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback, "师资不足，需补充。")).Succeeded);
        var issued = await LoadAsync(id);
        Assert.Equal(decimal.Parse(panelTotal), issued.FinalTotal);
        var c1 = await app.QueryAsync(db => db.ItemScores.SingleAsync(s => s.AssessmentId == id && s.ItemCode == "C1" && s.Kind == ScoreKind.Final));
        Assert.Equal((4m, "花名册中2人为借调"), (c1.OverrideScore!.Value, c1.OverrideReason));
    }

    [Fact]
    public async Task Before_issuing_the_lead_sees_every_item_where_the_final_score_differs_from_the_panel_s()
    {
        var id = await OnSiteAsync(Year);
        await PanelAgreesAsync(id);
        var lead = await app.ClientForAsync(AppRole.Evaluator);
        await AssessmentSteps.AcceptAgreedAsync(app, Lead, id);
        var b5 = await app.QueryAsync(db => db.ItemScores.SingleAsync(s => s.AssessmentId == id && s.ItemCode == "B5" && s.Kind == ScoreKind.Final));
        Assert.True((await AssessmentSteps.ScoreAsync(app, Lead, id, "B5", ScoreKind.Final, AssessmentSteps.Level("C"), b5.ConcurrencyStamp)).Succeeded);

        var summary = new HtmlParser().ParseDocument(await lead.GetStringAsync($"/assessments/{id}")).QuerySelector("[data-role=feedback-summary]")!;

        var row = summary.QuerySelector("[data-role=differences] tr[data-item=B5]")!;
        Assert.Contains("2.25", row.TextContent);
        Assert.Contains("1.5", row.TextContent);
        Assert.Single(summary.QuerySelectorAll("[data-role=differences] tbody tr"));
    }

    [Fact]
    public async Task The_disagreements_filter_shows_only_the_items_the_evaluators_disagree_on()
    {
        var id = await OnSiteAsync(Year);
        await PanelAgreesAsync(id);
        Assert.True((await AssessmentSteps.ScoreFreshAsync(app, SecondEvaluator, id, "D2", ScoreKind.Evaluator, AssessmentSteps.Level("C"))).Succeeded);

        var page = new HtmlParser().ParseDocument(await (await app.ClientForAsync(AppRole.Evaluator)).GetStringAsync($"/assessments/{id}/items?final=true&disagree=true"));

        Assert.Equal(["D2"], page.QuerySelectorAll("[data-item]").Select(e => e.GetAttribute("data-item")));
        Assert.Equal("1 / 1", page.QuerySelector("[data-role=position]")!.TextContent); // the only one the filter leaves
        Assert.Equal("false", page.QuerySelector("#item-D2 [data-role=proposal]")!.GetAttribute("data-agreed"));
    }

    [Fact]
    public async Task Closing_is_refused_while_ledger_lines_are_open_and_reopening_keeps_every_line_editable()
    {
        var id = await OnSiteAsync(Year);
        await PanelAgreesAsync(id);
        await Panel.DecideAllAsync(app, SchoolTreeFactory.UserName(AppRole.Evaluator), id);
        Assert.True((await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback, "结论")).Succeeded);
        Assert.True((await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.StartRectification)).Succeeded);
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        Assert.True((await app.GeneratePlanAsync(AppRole.SchoolLeader, id, $"{Year + 1}-06-30")).Succeeded);
        var lines = await app.QueryAsync(db => db.RectificationLines.AsNoTracking().Where(l => l.AssessmentId == id).OrderBy(l => l.Position).ToListAsync());
        Assert.True(lines.Count >= 2);

        // The supervisor sees the ledger's counts before deciding; the close is refused, naming each open line.
        var before = new HtmlParser().ParseDocument(await (await app.ClientForAsync(AppRole.Supervisor)).GetStringAsync($"/assessments/{id}"));
        Assert.Contains($"未启动 {lines.Count}", before.QuerySelector("[data-command=Close] [data-role=ledger-counts]")!.TextContent);
        Assert.Contains("锁定", before.QuerySelector("[data-command=Close] [data-role=consequence]")!.TextContent);
        var refused = await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Close);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        var message = string.Join("", refused.For("ledger"));
        Assert.Contains($"还有 {lines.Count} 项整改事项未销号", message);
        Assert.All(lines, l => Assert.Contains(l.ItemCode, message));
        Assert.Equal(AssessmentState.Rectification, (await LoadAsync(id)).State);

        // Every line closed (销号): the assessment closes, and the lines are locked for the school.
        await app.QueryAsync(db => db.RectificationLines.Where(l => l.AssessmentId == id).ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, RectificationStatus.Closed)));
        Assert.True((await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Close)).Succeeded);
        var line = await app.QueryAsync(db => db.RectificationLines.AsNoTracking().FirstAsync(l => l.Id == lines[0].Id));
        LineEdit Edit(RectificationLine of) => LedgerActions.EditOf(of, measures: "继续巩固", type: "长期坚持");
        Assert.True((await app.SaveLineAsync(AppRole.SchoolLeader, line, Edit(line))).Refused);

        // Reopened: every line is there with its status and record, and editable again.
        Assert.True((await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Reopen, "复查发现问题")).Succeeded);
        var after = await app.QueryAsync(db => db.RectificationLines.AsNoTracking().Where(l => l.AssessmentId == id).OrderBy(l => l.Position).ToListAsync());
        Assert.Equal(lines.Select(l => (l.Id, l.ItemCode)), after.Select(l => (l.Id, l.ItemCode)));
        Assert.All(after, l => Assert.Equal(RectificationStatus.Closed, l.Status));
        // A 已销号 line keeps its text (one rule for page, upload and API) until a reviewer returns it; then the school writes again.
        Assert.Equal(OutcomeKind.Invalid, (await app.SaveLineAsync(AppRole.SchoolLeader, line, Edit(line))).Kind);
        Assert.True((await app.ReviewLineAsync(AppRole.Supervisor, line, false, "复查发现问题，退回整改")).Succeeded);
        line = await app.QueryAsync(db => db.RectificationLines.AsNoTracking().FirstAsync(l => l.Id == lines[0].Id));
        Assert.Equal(RectificationStatus.InProgress, line.Status);
        Assert.True((await app.SaveLineAsync(AppRole.SchoolLeader, line, Edit(line))).Succeeded);
        var history = new HtmlParser().ParseDocument(await leader.GetStringAsync($"/assessments/{id}")).QuerySelector("[data-role=history]")!.TextContent;
        Assert.Contains("已销号 → 整改中：退回重开：复查发现问题", history);
    }
}
