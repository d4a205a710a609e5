using System.Net;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Assessments.Pages;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Features.Assessments.AssessmentSteps;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>
/// Self-assessment, evaluators' scores and overrides, the lead's final scores: refusals through the services (as
/// the page's event handlers call them), what the items page shows in bunit, and its prerender over HTTP.
/// </summary>
public class ItemScoringTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private const string SecondEvaluator = "second-evaluator";

    private static readonly string Lead = SchoolTreeFactory.UserName(AppRole.Evaluator);
    private static readonly string Staff = SchoolTreeFactory.UserName(AppRole.SchoolStaff);

    /// <summary>An assessment of the own county for a year of its own, moved to <paramref name="state"/> with a two-person team.</summary>
    private async Task<int> AssessmentAsync(int year, AssessmentState state)
    {
        await app.EnsureSeededAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.FindByNameAsync(SecondEvaluator) is null)
            {
                var user = new ApplicationUser { UserName = SecondEvaluator, DisplayName = "第二专家" };
                await users.CreateAsync(user, SchoolTreeFactory.Password);
                await users.AddToRoleAsync(user, AppRole.Evaluator);
            }
        }

        var id = await StartAsync(app, SchoolTreeFactory.UserName(AppRole.SchoolLeader), app.Schools[Relation.Own], "optimized-development", year);
        Assert.True((await AssignAsync(app, SchoolTreeFactory.UserName(AppRole.Supervisor), id, [Lead, SecondEvaluator], Lead)).Succeeded);
        var moves = new (AssessmentState From, string Role, AssessmentCommand Command, string? Text)[]
        {
            (AssessmentState.SelfAssessment, AppRole.SchoolLeader, AssessmentCommand.Submit, null),
            (AssessmentState.Submitted, AppRole.Supervisor, AssessmentCommand.StartOnSite, null),
            (AssessmentState.OnSite, AppRole.Evaluator, AssessmentCommand.IssueFeedback, "结论"),
        };
        foreach (var (from, role, command, text) in moves.TakeWhile(m => m.From < state))
        {
            if (command == AssessmentCommand.IssueFeedback) await Panel.DecideAllAsync(app, Lead, id);
            Assert.True((await MoveAsync(app, SchoolTreeFactory.UserName(role), id, command, text)).Succeeded);
        }

        Assert.Equal(state, (await app.QueryAsync(db => db.Assessments.AsNoTracking().FirstAsync(a => a.Id == id))).State);
        return id;
    }

    /// <summary>The items page in a circuit (bunit), signed in as <paramref name="userName"/>, on one item.</summary>
    private static IRenderedComponent<AssessmentItems> Open(InteractivePageContext page, int id, string item, bool final = false)
    {
        page.Current.MakeAmbient(); // as the circuit handler does for each event: the audit trail names the circuit's user
        page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"assessments/{id}/items?item={item}&final={final.ToString().ToLowerInvariant()}");
        var cut = page.Bunit.Render<AssessmentItems>(p => p.Add(x => x.Id, id));
        cut.WaitForElement($"[data-item={item}]");
        return cut;
    }

    private static string ScoreOf(IRenderedComponent<AssessmentItems> cut, string party) =>
        cut.Find($"[data-party='{party}'] [data-role=score]").TextContent.Trim();

    [Fact]
    public async Task The_school_grades_its_self_assessment_while_it_is_its_turn_and_not_after()
    {
        var id = await AssessmentAsync(2024, AssessmentState.SelfAssessment);

        var saved = await ScoreAsync(app, Staff, id, "B5", ScoreKind.Self, Level("B", "平台已上线，使用率待提高"));
        var overridden = await ScoreAsync(app, Staff, id, "B5", ScoreKind.Self, new ScoreEntry("A", null, 3, "自认为", null), saved.Value!.ConcurrencyStamp);
        var evaluator = await ScoreAsync(app, Lead, id, "B5", ScoreKind.Evaluator, Level("A"));

        Assert.True(saved.Succeeded);
        Assert.Equal(OutcomeKind.Invalid, overridden.Kind);
        Assert.Contains("自评不能调整得分", overridden.For("override"));
        Assert.True(evaluator.Refused); // not on site yet
        await using var page = await InteractivePageContext.SignedInAsync(app, Staff);
        Assert.Equal("2.25", ScoreOf(Open(page, id, "B5"), "学校自评"));
    }

    [Fact]
    public async Task Scoring_an_item_on_the_page_refuses_an_override_without_a_reason_then_shows_the_new_score_and_progress()
    {
        var id = await AssessmentAsync(2023, AssessmentState.OnSite);
        await using var page = await InteractivePageContext.SignedInAsync(app, Lead);
        var cut = Open(page, id, "C1");
        Assert.Equal("已评 0 / 48 项", cut.Find("[data-role=progress-text]").TextContent);

        cut.Find("input[data-role=override]").Input("2");
        cut.Find("[data-role=save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("调整得分必须填写理由", cut.Markup));
        Assert.Equal("已评 0 / 48 项", cut.Find("[data-role=progress-text]").TextContent);
        Assert.NotNull(cut.Find("[data-role=pending]")); // what was typed stays, marked unsaved
        Assert.Equal("2", cut.Find("input[data-role=override]").GetAttribute("value"));

        cut.Find("input[data-role=reason]").Input("花名册中2人为借调");
        cut.Find("[data-role=save]").Click();
        cut.WaitForAssertion(() => Assert.Equal("已评 1 / 48 项", cut.Find("[data-role=progress-text]").TextContent));
        var mine = cut.Find($"[data-party='专家 {AppRole.Evaluator}']"); // by 姓名, never the login name
        Assert.StartsWith("2", mine.QuerySelector("[data-role=score]")!.TextContent.Trim());
        Assert.Contains("计算 0", mine.TextContent); // nothing entered for teachers: the computed score is 0, kept beside the override
        Assert.Contains("花名册中2人为借调", mine.TextContent);
        Assert.Contains("已保存：C1", string.Join("|", page.Snackbars));

        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Subject == nameof(ItemScore) && e.SubjectKey == $"{id}/C1/Evaluator" && e.Field == "OverrideScore");
        Assert.Equal("2", entry.NewValue);
        Assert.Equal("花名册中2人为借调", entry.Reason);
        Assert.Equal(Lead, entry.UserName);
    }

    [Fact]
    public async Task A_score_that_is_not_a_number_is_named_by_its_field_and_nothing_is_saved()
    {
        var id = await AssessmentAsync(2017, AssessmentState.OnSite);
        await using var page = await InteractivePageContext.SignedInAsync(app, Lead);
        var cut = Open(page, id, "C1");

        cut.Find("input[data-role=override]").Input("2,5");
        cut.Find("input[data-role=reason]").Input("借调");
        cut.Find("[data-role=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("调整得分应为数值", cut.Markup));
        Assert.False(await app.QueryAsync(db => db.ItemScores.AnyAsync(s => s.AssessmentId == id && s.ItemCode == "C1")));
    }

    [Fact]
    public async Task A_second_save_from_the_same_version_is_a_conflict_showing_who_saved_first()
    {
        var id = await AssessmentAsync(2022, AssessmentState.OnSite);

        Assert.True((await ScoreAsync(app, Lead, id, "B5", ScoreKind.Final, Level("B"))).Succeeded);
        var conflict = await ScoreAsync(app, Lead, id, "B5", ScoreKind.Final, Level("C")); // from a page that saw no score yet

        Assert.True(conflict.Conflicted);
        var message = string.Join("", conflict.Errors.Select(e => e.Message));
        Assert.Contains("Evaluator（评估专家）", message); // who, by 姓名 and role
        Assert.DoesNotContain(Lead, message);
        Assert.Contains("等级 B", message);                // the other's value
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", message); // and when
        // The version now stored comes back, so saving again applies this user's value knowingly.
        Assert.NotNull(conflict.Value);
        Assert.Equal("B", conflict.Value!.Level);
        Assert.Equal("B", (await app.QueryAsync(db => db.ItemScores.SingleAsync(s => s.AssessmentId == id && s.ItemCode == "B5" && s.Kind == ScoreKind.Final))).Level);
        Assert.True((await ScoreAsync(app, Lead, id, "B5", ScoreKind.Final, Level("C"), conflict.Value.ConcurrencyStamp)).Succeeded);
    }

    [Fact]
    public async Task The_lead_sees_every_evaluator_side_by_side_and_the_other_evaluator_sees_only_their_own()
    {
        var id = await AssessmentAsync(2021, AssessmentState.OnSite);

        await ScoreAsync(app, Lead, id, "B5", ScoreKind.Evaluator, Level("A"));
        await ScoreAsync(app, SecondEvaluator, id, "B5", ScoreKind.Evaluator, Level("D"));
        Assert.True((await ScoreAsync(app, Lead, id, "B5", ScoreKind.Final, Level("B", "核定为较好"))).Succeeded);

        await using (var page = await InteractivePageContext.SignedInAsync(app, Lead))
        {
            var cut = Open(page, id, "B5", final: true);
            Assert.NotNull(cut.Find("[data-role=disagreement]"));
            Assert.Equal("3", ScoreOf(cut, $"专家 {AppRole.Evaluator}"));
            Assert.Equal("0", ScoreOf(cut, "专家 第二专家"));
            Assert.Equal("2.25", ScoreOf(cut, "最终核定"));
        }

        // On site the second evaluator scores on their own: their line only, neither the lead's nor the final score.
        await using (var page = await InteractivePageContext.SignedInAsync(app, SecondEvaluator))
        {
            var cut = Open(page, id, "B5");
            Assert.Equal("0", ScoreOf(cut, "专家 第二专家"));
            Assert.Empty(cut.FindAll($"[data-party='专家 {AppRole.Evaluator}']"));
            Assert.Empty(cut.FindAll("[data-party=最终核定]"));
            Assert.DoesNotContain("核定为较好", cut.Markup);
        }

        // Nor the school, on site.
        await using (var page = await InteractivePageContext.SignedInAsync(app, Staff))
        {
            var cut = Open(page, id, "B5");
            Assert.Empty(cut.FindAll("[data-party^='专家']"));
            Assert.Empty(cut.FindAll("[data-party=最终核定]"));
        }

        Assert.True((await ScoreAsync(app, SecondEvaluator, id, "B5", ScoreKind.Final, Level("A"))).Refused);
    }

    [Fact]
    public async Task The_lead_sees_a_team_member_s_score_arrive_while_the_page_is_open()
    {
        var id = await AssessmentAsync(2016, AssessmentState.OnSite);
        await using var page = await InteractivePageContext.SignedInAsync(app, Lead);
        var cut = Open(page, id, "B5", final: true);
        Assert.Equal("—", ScoreOf(cut, "专家 第二专家"));

        await ScoreAsync(app, SecondEvaluator, id, "B5", ScoreKind.Evaluator, Level("D"));

        cut.WaitForAssertion(() => Assert.Equal("0", ScoreOf(cut, "专家 第二专家")));
    }

    [Fact]
    public async Task Progress_counts_the_items_scored_next_moves_on_and_the_filter_shows_the_open_ones()
    {
        var id = await AssessmentAsync(2019, AssessmentState.OnSite);
        await ScoreAsync(app, Lead, id, "A1", ScoreKind.Evaluator, Comment("已核对"));
        await ScoreAsync(app, Lead, id, "B5", ScoreKind.Evaluator, Level("A"));
        var total = SeedLibrary.Get("optimized-development").Items.Count();
        var codes = SeedLibrary.Get("optimized-development").Items.Select(i => i.Code).ToList();

        await using var page = await InteractivePageContext.SignedInAsync(app, Lead);
        var all = Open(page, id, codes[0]);
        Assert.Equal($"已评 2 / {total} 项", all.Find("[data-role=progress-text]").TextContent);
        Assert.Equal($"1 / {total}", all.Find("[data-role=position]").TextContent);
        Assert.Single(all.FindAll("[data-item]")); // one item at a time
        all.Find("[data-role=next]").Click();
        all.WaitForElement($"[data-item={codes[1]}]");
        all.Find("[data-role=index-toggle]").Click();
        all.Find($"[data-index-item={codes[5]}]").Click();
        all.WaitForElement($"[data-item={codes[5]}]");

        page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"assessments/{id}/items?open=true");
        var open = page.Bunit.Render<AssessmentItems>(p => p.Add(x => x.Id, id));
        open.WaitForElement("[data-item]");
        Assert.Equal($"1 / {total - 2}", open.Find("[data-role=position]").TextContent);
        open.Find("[data-role=index-toggle]").Click();
        Assert.Empty(open.FindAll("[data-index-item=A1]"));
        Assert.Equal(total - 2, open.FindAll("[data-index-item]").Count);
    }

    [Fact]
    public async Task A_feedback_issued_assessment_is_read_only()
    {
        var id = await AssessmentAsync(2018, AssessmentState.FeedbackIssued);

        Assert.True((await ScoreAsync(app, Lead, id, "A1", ScoreKind.Final, Comment("改"))).Refused);
        await using var page = await InteractivePageContext.SignedInAsync(app, Lead);
        var cut = Open(page, id, "A1");
        Assert.Empty(cut.FindAll("[data-role=score-form]"));
        Assert.NotNull(cut.Find("[data-role=read-only]"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/items")]
    [InlineData("/history")]
    public async Task Another_school_s_assessment_pages_are_refused_at_prerender(string page)
    {
        await app.EnsureSeededAsync();
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);

        var own = await leader.GetAsync($"/assessments/{app.Assessments[Relation.Own]}{page}");
        var sibling = await leader.GetAsync($"/assessments/{app.Assessments[Relation.Sibling]}{page}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
        var refused = new HtmlParser().ParseDocument(await sibling.Content.ReadAsStringAsync());
        Assert.NotNull(refused.QuerySelector("[data-role=access-refused]"));
        Assert.Null(refused.QuerySelector("[data-item], [data-role=results], [data-role=history] tr"));
    }

    [Fact]
    public void Each_party_s_result_is_the_engine_s_result_on_the_same_input()
    {
        var standard = SeedLibrary.Get("optimized-development");
        var indicators = ScoringJson.ReadInput("""{ "indicators": { "fulltimeTeachers": 8 } }""");
        var scores = new[]
        {
            new ItemScore { ItemCode = "B5", Level = "B" },
            new ItemScore { ItemCode = "C1", OverrideScore = 2, OverrideReason = "借调" },
        };

        var viaBoard = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, AssessmentScoring.Input(standard, indicators, scores));
        var viaJson = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, ScoringJson.ReadInput(
            """{ "indicators": { "fulltimeTeachers": 8 }, "judgements": { "B5": "B" }, "overrides": { "C1": { "score": 2, "reason": "借调" } } }"""));

        Assert.Equal(ScoringJson.WriteResult(viaJson), ScoringJson.WriteResult(viaBoard));
    }
}
