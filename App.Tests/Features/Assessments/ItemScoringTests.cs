using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>Self-assessment, evaluators' scores and overrides, the lead's final scores, over HTTP.</summary>
public class ItemScoringTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private const string SecondEvaluator = "second-evaluator";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, params (string Name, string Value)[] fields) =>
        SchoolTreeFactory.PostFormAsync(client, url, fields);

    private async Task<Assessment> LoadAsync(int id)
    {
        return await app.QueryAsync(db => db.Assessments.AsNoTracking().FirstAsync(a => a.Id == id));
    }

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

        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var started = await PostAsync(leader, $"/schools/{app.Schools[Relation.Own]}", ("_handler", "start-assessment"),
            ("standardId", "optimized-development"), ("year", year.ToString()));
        var id = int.Parse(started.Headers.Location!.OriginalString.Split('/').Last());
        var lead = SchoolTreeFactory.UserName(AppRole.Evaluator);
        await PostAsync(await app.ClientForAsync(AppRole.Supervisor), $"/assessments/{id}", ("_handler", "assign"),
            ("evaluators", lead), ("evaluators", SecondEvaluator), ("lead", lead));
        var moves = new (AssessmentState From, string Role, AssessmentCommand Command, string? Text)[]
        {
            (AssessmentState.SelfAssessment, AppRole.SchoolLeader, AssessmentCommand.Submit, null),
            (AssessmentState.Submitted, AppRole.Supervisor, AssessmentCommand.StartOnSite, null),
            (AssessmentState.OnSite, AppRole.Evaluator, AssessmentCommand.IssueFeedback, "结论"),
        };
        foreach (var (from, role, command, text) in moves.TakeWhile(m => m.From < state))
        {
            if (command == AssessmentCommand.IssueFeedback) await Panel.DecideAllAsync(app, await app.ClientForAsync(AppRole.Evaluator), id);
            var fields = new List<(string, string)> { ("_handler", $"cmd-{command}"), ("stamp", (await LoadAsync(id)).ConcurrencyStamp.ToString()), ("confirm", "true") };
            if (text is not null) fields.Add(("text", text));
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(await app.ClientForAsync(role), $"/assessments/{id}", fields.ToArray())).StatusCode);
        }

        Assert.Equal(state, (await LoadAsync(id)).State);
        return id;
    }

    private async Task<(HttpResponseMessage Response, IDocument Card)> ScoreAsync(HttpClient client, int id, string code, ScoreKind kind, params (string, string)[] fields)
    {
        var response = await PostAsync(client, $"/assessments/{id}/items/{code}/{kind}", fields);
        return (response, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    private async Task<HttpClient> SecondEvaluatorAsync()
    {
        var client = app.NewClient();
        await SchoolTreeFactory.SignInAsync(client, SecondEvaluator, SchoolTreeFactory.Password);
        return client;
    }

    [Fact]
    public async Task The_school_grades_its_self_assessment_while_it_is_its_turn_and_not_after()
    {
        var id = await AssessmentAsync(2024, AssessmentState.SelfAssessment);
        var staff = await app.ClientForAsync(AppRole.SchoolStaff);

        var (saved, card) = await ScoreAsync(staff, id, "B5", ScoreKind.Self, ("level", "B"), ("comment", "平台已上线,使用率待提高"));
        var (overridden, refusedCard) = await ScoreAsync(staff, id, "B5", ScoreKind.Self, ("stamp", card.QuerySelector("input[name=stamp]")!.GetAttribute("value")!),
            ("level", "A"), ("override", "3"), ("reason", "自认为"));
        var (evaluator, _) = await ScoreAsync(await app.ClientForAsync(AppRole.Evaluator), id, "B5", ScoreKind.Evaluator, ("level", "A"));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("2.25", card.QuerySelector("[data-party=学校自评] td:nth-child(2)")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.BadRequest, overridden.StatusCode);
        Assert.Contains("自评不能调整得分", refusedCard.QuerySelector("[data-field-error=override]")!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, evaluator.StatusCode); // not on site yet
    }

    [Fact]
    public async Task An_override_needs_a_reason_keeps_the_computed_score_and_is_audited()
    {
        var id = await AssessmentAsync(2023, AssessmentState.OnSite);
        var evaluator = await app.ClientForAsync(AppRole.Evaluator);

        var (noReason, noReasonCard) = await ScoreAsync(evaluator, id, "C1", ScoreKind.Evaluator, ("override", "2"));
        var (saved, card) = await ScoreAsync(evaluator, id, "C1", ScoreKind.Evaluator, ("override", "2"), ("reason", "花名册中2人为借调"));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("必须填写理由", noReasonCard.QuerySelector("[data-field-error=overrideReason]")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("已评 1 / 48 项", card.QuerySelector("#scoring-progress[hx-swap-oob] [data-role=progress-text]")!.TextContent);
        var mine = card.QuerySelector($"[data-party='专家 {AppRole.Evaluator}']")!; // by 姓名, never the login name
        Assert.Contains("2", mine.QuerySelector("td:nth-child(2)")!.TextContent);
        Assert.Contains("计算 0", mine.TextContent); // nothing entered for teachers: the computed score is 0, kept beside the override
        Assert.Contains("花名册中2人为借调", mine.TextContent);

        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Subject == nameof(ItemScore) && e.SubjectKey == $"{id}/C1/Evaluator" && e.Field == "OverrideScore");
        Assert.Equal("2", entry.NewValue);
        Assert.Equal("花名册中2人为借调", entry.Reason);
        Assert.Equal(SchoolTreeFactory.UserName(AppRole.Evaluator), entry.UserName);
    }

    [Fact]
    public async Task A_second_save_from_the_same_version_is_a_conflict_showing_who_saved_first()
    {
        var id = await AssessmentAsync(2022, AssessmentState.OnSite);
        var lead = await app.ClientForAsync(AppRole.Evaluator);

        await ScoreAsync(lead, id, "B5", ScoreKind.Final, ("level", "B"));
        var (conflict, card) = await ScoreAsync(lead, id, "B5", ScoreKind.Final, ("level", "C")); // from a page that saw no score yet

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var message = card.QuerySelector("[data-role=conflict]")!.TextContent;
        Assert.Contains("Evaluator（评估专家）", message); // who, by 姓名 and role
        Assert.DoesNotContain(SchoolTreeFactory.UserName(AppRole.Evaluator), message);
        Assert.Contains("等级 B", message);                // the other's value
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", message); // and when
        // What this user typed is kept, ready to apply over the other's value with the stamp now stored.
        Assert.Equal("C", card.QuerySelector("#level-B5 option[selected]")!.GetAttribute("value"));
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal("B", (await db.ItemScores.SingleAsync(s => s.AssessmentId == id && s.ItemCode == "B5" && s.Kind == ScoreKind.Final)).Level);
    }

    [Fact]
    public async Task The_lead_sees_every_evaluator_side_by_side_with_large_disagreements_flagged_and_sets_the_final_score()
    {
        var id = await AssessmentAsync(2021, AssessmentState.OnSite);
        var lead = await app.ClientForAsync(AppRole.Evaluator);
        var second = await SecondEvaluatorAsync();

        await ScoreAsync(lead, id, "B5", ScoreKind.Evaluator, ("level", "A"));
        await ScoreAsync(second, id, "B5", ScoreKind.Evaluator, ("level", "D"));
        var (final, card) = await ScoreAsync(lead, id, "B5", ScoreKind.Final, ("level", "B"), ("comment", "核定为较好"));

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.NotNull(card.QuerySelector("[data-role=disagreement]"));
        Assert.Equal("3", card.QuerySelector($"[data-party='专家 {AppRole.Evaluator}'] td:nth-child(2)")!.TextContent.Trim());
        Assert.Equal("0", card.QuerySelector("[data-party='专家 第二专家'] td:nth-child(2)")!.TextContent.Trim());
        Assert.Equal("2.25", card.QuerySelector("[data-party=最终核定] td:nth-child(2)")!.TextContent.Trim());

        // The second evaluator scores on their own: they see their line, not the lead's.
        var theirs = new HtmlParser().ParseDocument(await second.GetStringAsync($"/assessments/{id}/items"));
        Assert.Null(theirs.QuerySelector($"#item-B5 [data-party='专家 {AppRole.Evaluator}']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ScoreAsync(second, id, "B5", ScoreKind.Final, ("level", "A"))).Response.StatusCode);
    }

    [Fact]
    public async Task Progress_counts_the_items_scored_and_the_filter_shows_the_open_ones()
    {
        var id = await AssessmentAsync(2019, AssessmentState.OnSite);
        var lead = await app.ClientForAsync(AppRole.Evaluator);
        await ScoreAsync(lead, id, "A1", ScoreKind.Evaluator, ("comment", "已核对"));
        await ScoreAsync(lead, id, "B5", ScoreKind.Evaluator, ("level", "A"));

        var all = new HtmlParser().ParseDocument(await lead.GetStringAsync($"/assessments/{id}/items"));
        var open = new HtmlParser().ParseDocument(await lead.GetStringAsync($"/assessments/{id}/items?open=true"));

        var total = SeedLibrary.Get("optimized-development").Items.Count();
        Assert.Equal($"已评 2 / {total} 项", all.QuerySelector("[data-role=progress-text]")!.TextContent);
        Assert.Equal(total, all.QuerySelectorAll("[data-item]").Length);
        Assert.Equal(total - 2, open.QuerySelectorAll("[data-item]").Length);
        Assert.Null(open.QuerySelector("#item-A1"));
    }

    [Fact]
    public async Task A_feedback_issued_assessment_is_read_only()
    {
        var id = await AssessmentAsync(2018, AssessmentState.FeedbackIssued);

        var (response, _) = await ScoreAsync(await app.ClientForAsync(AppRole.Evaluator), id, "A1", ScoreKind.Final, ("comment", "改"));
        var page = new HtmlParser().ParseDocument(await (await app.ClientForAsync(AppRole.Evaluator)).GetStringAsync($"/assessments/{id}/items"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(page.QuerySelectorAll("form[hx-post]"));
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
