using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Features.Access;
using SchoolAssessment.Tests.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>An assessment through all its states over HTTP, each move by its role, with the record it leaves.</summary>
public class AssessmentFlowTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private async Task<int> StartAsync(string standard, int year)
    {
        await app.EnsureSeededAsync();
        return await AssessmentSteps.StartAsync(app, SchoolTreeFactory.UserName(AppRole.SchoolLeader), County, standard, year);
    }

    private async Task<Assessment> LoadAsync(int id)
    {
        return await app.QueryAsync(db => db.Assessments.AsNoTracking().Include(a => a.Evaluators).FirstAsync(a => a.Id == id));
    }

    /// <summary>A move as the page's dialog gives it (confirmed), through the service.</summary>
    private Task<CommandOutcome<Assessment>> GiveAsync(string role, int id, AssessmentCommand command, bool confirm = true, string? text = null, Guid? stamp = null) =>
        AssessmentSteps.MoveAsync(app, SchoolTreeFactory.UserName(role), id, command, text, stamp, confirm);

    private static string Messages<T>(CommandOutcome<T> outcome) => string.Join("；", outcome.Errors.Select(e => e.Message));

    [Fact]
    public async Task An_assessment_goes_through_every_state_each_move_by_its_role()
    {
        var id = await StartAsync("optimized-development", Year);
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);

        Assert.True((await GiveAsync(AppRole.SchoolStaff, id, AssessmentCommand.Submit)).Refused);
        Assert.True((await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit)).Succeeded);
        Assert.NotNull((await LoadAsync(id)).SubmittedData);

        // The on-site phase needs a team with a lead.
        var noTeam = await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.StartOnSite);
        Assert.Contains("请先指派评估专家", Messages(noTeam));
        var evaluator = SchoolTreeFactory.UserName(AppRole.Evaluator);
        Assert.True((await AssessmentSteps.AssignAsync(app, SchoolTreeFactory.UserName(AppRole.Supervisor), id,
            [evaluator], evaluator)).Succeeded);
        Assert.True((await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.StartOnSite)).Succeeded);

        Assert.True((await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.IssueFeedback, text: "x")).Refused);
        Assert.True((await AssessmentSteps.ScoreAsync(app, evaluator, id, "B5", ScoreKind.Final, AssessmentSteps.Level("A"))).Succeeded);
        var undecided = await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback, text: "x");
        Assert.Equal(OutcomeKind.Invalid, undecided.Kind);
        Assert.Contains("47 项未核定最终得分", Messages(undecided));
        await Panel.DecideAllAsync(app, SchoolTreeFactory.UserName(AppRole.Evaluator), id);
        var noConclusion = await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback);
        Assert.Equal(OutcomeKind.Invalid, noConclusion.Kind);
        Assert.True((await GiveAsync(AppRole.Evaluator, id, AssessmentCommand.IssueFeedback, text: "师资不足,经费未达标。")).Succeeded);
        Assert.Equal("师资不足,经费未达标。", (await LoadAsync(id)).Conclusion);
        // The feedback records the final result: the lead's B5, D2 and G2 at A (3 + 3 + 2 points) on data with nothing else entered.
        Assert.Equal(8m, (await LoadAsync(id)).FinalTotal);
        Assert.Equal("notAttained", (await LoadAsync(id)).FinalGrade);

        Assert.True((await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.StartRectification)).Succeeded);
        Assert.True((await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Close)).Refused);
        Assert.True((await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Close)).Succeeded);
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
        var id = await StartAsync("provincial-evaluation", Year);

        var response = await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit, confirm: false);

        Assert.Equal(OutcomeKind.Invalid, response.Kind);
        Assert.Contains("请勾选确认", Messages(response));
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);
    }

    [Fact]
    public async Task Reopening_needs_a_reason_which_is_recorded()
    {
        var id = await StartAsync("optimized-development", Year);
        await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit);

        var withoutReason = await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Reopen);
        var withReason = await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Reopen, text: "佐证材料不全,退回补充");

        Assert.Equal(OutcomeKind.Invalid, withoutReason.Kind);
        Assert.True(withReason.Succeeded);
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);
        var page = new HtmlParser().ParseDocument(await (await app.ClientForAsync(AppRole.SchoolLeader)).GetStringAsync($"/assessments/{id}"));
        Assert.Contains("佐证材料不全,退回补充", page.QuerySelector("[data-role=history]")!.TextContent);
    }

    [Fact]
    public async Task A_move_from_a_stale_page_is_refused_as_a_conflict()
    {
        var id = await StartAsync("optimized-development", Year);
        var stale = (await LoadAsync(id)).ConcurrencyStamp;
        await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit);
        await GiveAsync(AppRole.Supervisor, id, AssessmentCommand.Reopen, text: "退回");

        var response = await GiveAsync(AppRole.SchoolLeader, id, AssessmentCommand.Submit, stamp: stale);

        Assert.True(response.Conflicted);
        Assert.Equal(AssessmentState.SelfAssessment, (await LoadAsync(id)).State);
    }

    [Fact]
    public async Task The_assessment_is_pinned_to_the_standard_version_in_force_when_it_started()
    {
        var before = await StartAsync("provincial-evaluation", Year);
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

        var after = await StartAsync("provincial-evaluation", Year + 1);

        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        Assert.Contains("标准版本 2024.1", await leader.GetStringAsync($"/assessments/{before}"));
        Assert.Contains("标准版本 2099.1", await leader.GetStringAsync($"/assessments/{after}"));
    }

    [Fact]
    public async Task Only_the_school_s_leader_a_supervisor_or_an_administrator_starts_an_assessment()
    {
        await app.EnsureSeededAsync();
        // The school page's form calls the service as the circuit's user; its outcome read as the access matrix reads one.
        var staff = await CommandResponses.Of(SchoolRequests.StartAsync(app, AppRole.SchoolStaff, County, "optimized-development", Year));
        await StartAsync("optimized-development", Year);
        var duplicate = await CommandResponses.Of(SchoolRequests.StartAsync(app, AppRole.Supervisor, County, "optimized-development", Year));
        var township = await CommandResponses.Of(SchoolRequests.StartAsync(app, AppRole.Supervisor, County, "township-six-haves", Year));

        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("已存在", await duplicate.Content.ReadAsStringAsync());
        Assert.Contains("不适用于本级党校", await township.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_evaluator_sees_only_the_assessments_they_are_assigned_to()
    {
        var assigned = await StartAsync("optimized-development", Year);
        var other = await StartAsync("provincial-evaluation", Year);
        var evaluatorName = SchoolTreeFactory.UserName(AppRole.Evaluator);
        await AssessmentSteps.AssignAsync(app, SchoolTreeFactory.UserName(AppRole.Supervisor), assigned, [evaluatorName], evaluatorName);
        var evaluator = await app.ClientForAsync(AppRole.Evaluator);

        var list = new HtmlParser().ParseDocument(await evaluator.GetStringAsync("/assessments"));

        var ids = list.QuerySelectorAll("tr[data-assessment]").Select(r => int.Parse(r.GetAttribute("data-assessment")!)).ToList();
        Assert.Contains(assigned, ids);
        Assert.DoesNotContain(other, ids);
        Assert.Equal(HttpStatusCode.OK, (await evaluator.GetAsync($"/assessments/{assigned}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync($"/assessments/{other}")).StatusCode);
    }
}
