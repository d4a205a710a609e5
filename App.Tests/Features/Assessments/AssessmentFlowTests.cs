using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>An assessment through all its states over HTTP, each move by its role, with the record it leaves.</summary>
public class AssessmentFlowTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private int County => app.Schools[Relation.Own];

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, params (string Name, string Value)[] fields) =>
        SchoolTreeFactory.PostFormAsync(client, url, fields);

    private async Task<int> StartAsync(string standard, int year)
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var response = await PostAsync(leader, $"/schools/{County}", ("_handler", "start-assessment"), ("standardId", standard), ("year", year.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    private async Task<Assessment> LoadAsync(int id)
    {
        return await app.QueryAsync(db => db.Assessments.AsNoTracking().Include(a => a.Evaluators).FirstAsync(a => a.Id == id));
    }

    private async Task<HttpResponseMessage> GiveAsync(string role, int id, AssessmentCommand command, bool confirm = true, string? text = null, Guid? stamp = null)
    {
        var fields = new List<(string, string)> { ("_handler", $"cmd-{command}"), ("stamp", (stamp ?? (await LoadAsync(id)).ConcurrencyStamp).ToString()) };
        if (confirm) fields.Add(("confirm", "true"));
        if (text is not null) fields.Add(("text", text));
        return await PostAsync(await app.ClientForAsync(role), $"/assessments/{id}", fields.ToArray());
    }

    private static async Task<IDocument> PageAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task An_assessment_goes_through_every_state_each_move_by_its_role()
    {
        var id = await StartAsync("optimized-development", 2030);
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);

        Assert.Equal(HttpStatusCode.Forbidden, (await GiveAsync(AppRole.SchoolStaff, id, AssessmentCommand.Submit)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit)).StatusCode);
        Assert.NotNull((await LoadAsync(id)).SubmittedData);

        // The on-site phase needs a team with a lead.
        var noTeam = await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.StartOnSite);
        Assert.Contains("请先指派评估专家", (await PageAsync(noTeam)).QuerySelector("[data-role=errors]")!.TextContent);
        var evaluator = SchoolTreeFactory.UserName(AppRole.Evaluator);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(await app.ClientForAsync(AppRole.Supervisor), $"/assessments/{id}",
            ("_handler", "assign"), ("evaluators", evaluator), ("lead", evaluator))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.StartOnSite)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.IssueFeedback, text: "x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(await app.ClientForAsync(AppRole.Evaluator), $"/assessments/{id}/items/B5/Final", ("level", "A"))).StatusCode);
        var undecided = await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback, text: "x");
        Assert.Equal(HttpStatusCode.BadRequest, undecided.StatusCode);
        Assert.Contains("47 项未核定最终得分", (await PageAsync(undecided)).QuerySelector("[data-role=errors]")!.TextContent);
        await Panel.DecideAllAsync(app, SchoolTreeFactory.UserName(AppRole.Evaluator), id);
        var noConclusion = await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback);
        Assert.Equal(HttpStatusCode.BadRequest, noConclusion.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback, text: "师资不足,经费未达标。")).StatusCode);
        Assert.Equal("师资不足,经费未达标。", (await LoadAsync(id)).Conclusion);
        // The feedback records the final result: the lead's B5, D2 and G2 at A (3 + 3 + 2 points) on data with nothing else entered.
        Assert.Equal(8m, (await LoadAsync(id)).FinalTotal);
        Assert.Equal("notAttained", (await LoadAsync(id)).FinalGrade);

        Assert.Equal(HttpStatusCode.Redirect, (await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.StartRectification)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Close)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Close)).StatusCode);
        Assert.Equal(AssessmentState.Closed, (await LoadAsync(id)).State);

        // Every move is on record: who, from, to, and the reason.
        var page = new HtmlParser().ParseDocument(await (await app.ClientForAsync(AppRole.Supervisor)).GetStringAsync($"/assessments/{id}"));
        var history = page.QuerySelector("[data-role=history]")!.TextContent;
        foreach (var step in new[] { "自评 → 已提交", "已提交 → 现场评估", "现场评估 → 已反馈", "已反馈 → 整改中", "整改中 → 已销号" })
            Assert.Contains(step, history);
        Assert.Contains("Evaluator（评估专家）", history); // by 姓名 and role, never the login name
        Assert.DoesNotContain(SchoolTreeFactory.UserName(AppRole.Evaluator), history);
    }

    [Fact]
    public async Task A_move_needs_an_explicit_confirmation()
    {
        var id = await StartAsync("provincial-evaluation", 2030);

        var response = await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit, confirm: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请勾选确认", (await PageAsync(response)).QuerySelector("[data-role=errors]")!.TextContent);
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);
    }

    [Fact]
    public async Task Reopening_needs_a_reason_which_is_recorded()
    {
        var id = await StartAsync("optimized-development", 2029);
        await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit);

        var withoutReason = await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Reopen);
        var withReason = await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Reopen, text: "佐证材料不全,退回补充");

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withReason.StatusCode);
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);
        var page = new HtmlParser().ParseDocument(await (await app.ClientForAsync(AppRole.SchoolLeader)).GetStringAsync($"/assessments/{id}"));
        Assert.Contains("佐证材料不全,退回补充", page.QuerySelector("[data-role=history]")!.TextContent);
    }

    [Fact]
    public async Task A_move_from_a_stale_page_is_refused_as_a_conflict()
    {
        var id = await StartAsync("optimized-development", 2028);
        var stale = (await LoadAsync(id)).ConcurrencyStamp;
        await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit);
        await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Reopen, text: "退回");

        var response = await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit, stamp: stale);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);
    }

    [Fact]
    public async Task The_assessment_is_pinned_to_the_standard_version_in_force_when_it_started()
    {
        var before = await StartAsync("provincial-evaluation", 2035);
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // The province publishes a new version of the standard.
            var current = await db.StandardVersions.Where(v => v.StandardId == "provincial-evaluation").OrderByDescending(v => v.Id).FirstAsync();
            db.StandardVersions.Add(new StandardVersion
            {
                StandardId = current.StandardId, Name = current.Name, Version = "2099.1", ContentHash = new string('f', 64),
                Content = current.Content.Replace("version: \"2024.1\"", "version: \"2099.1\""), LoadedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var after = await StartAsync("provincial-evaluation", 2036);

        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        Assert.Contains("标准版本 2024.1", await leader.GetStringAsync($"/assessments/{before}"));
        Assert.Contains("标准版本 2099.1", await leader.GetStringAsync($"/assessments/{after}"));
    }

    [Fact]
    public async Task Only_the_school_s_leader_a_supervisor_or_an_administrator_starts_an_assessment()
    {
        var staff = await PostAsync(await app.ClientForAsync(AppRole.SchoolStaff), $"/schools/{County}",
            ("_handler", "start-assessment"), ("standardId", "optimized-development"), ("year", "2027"));
        await StartAsync("optimized-development", 2025);
        var duplicate = await PostAsync(await app.ClientForAsync(AppRole.Supervisor), $"/schools/{County}",
            ("_handler", "start-assessment"), ("standardId", "optimized-development"), ("year", "2025"));
        var township = await PostAsync(await app.ClientForAsync(AppRole.Supervisor), $"/schools/{County}",
            ("_handler", "start-assessment"), ("standardId", "township-six-haves"), ("year", "2025"));

        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("已存在", await duplicate.Content.ReadAsStringAsync());
        Assert.Contains("不适用于本级党校", await township.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_evaluator_sees_only_the_assessments_they_are_assigned_to()
    {
        var assigned = await StartAsync("optimized-development", 2026);
        var other = await StartAsync("provincial-evaluation", 2026);
        var evaluatorName = SchoolTreeFactory.UserName(AppRole.Evaluator);
        await PostAsync(await app.ClientForAsync(AppRole.Supervisor), $"/assessments/{assigned}", ("_handler", "assign"), ("evaluators", evaluatorName), ("lead", evaluatorName));
        var evaluator = await app.ClientForAsync(AppRole.Evaluator);

        var list = new HtmlParser().ParseDocument(await evaluator.GetStringAsync("/assessments"));

        var ids = list.QuerySelectorAll("tr[data-assessment]").Select(r => int.Parse(r.GetAttribute("data-assessment")!)).ToList();
        Assert.Contains(assigned, ids);
        Assert.DoesNotContain(other, ids);
        Assert.Equal(HttpStatusCode.OK, (await evaluator.GetAsync($"/assessments/{assigned}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync($"/assessments/{other}")).StatusCode);
    }
}
