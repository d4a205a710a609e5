using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>
/// Adding schools to a round: exactly the owner's subtree at the standard's level, existing assessments linked
/// rather than duplicated, a chosen subset, stale pages and other rounds' schools left alone.
/// </summary>
public class RoundSchoolsTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    /// <summary>A township under the own county (T3) and one under the sibling county (T2), added once.</summary>
    private async Task<(int Own, int Sibling)> MoreTownshipsAsync()
    {
        await app.EnsureSeededAsync();
        var existing = await app.QueryAsync(db => db.Schools.Where(s => s.Name == "测试乡镇党校T3" || s.Name == "测试乡镇党校T2")
            .ToDictionaryAsync(s => s.Name, s => s.Id));
        if (existing.Count == 2) return (existing["测试乡镇党校T3"], existing["测试乡镇党校T2"]);
        var own = await RoundRequests.AddSchoolAsync(app, "测试乡镇党校T3", SchoolLevel.Township, County);
        var sibling = await RoundRequests.AddSchoolAsync(app, "测试乡镇党校T2", SchoolLevel.Township, app.Schools[Relation.Sibling]);
        return (own.Id, sibling.Id);
    }

    [Fact]
    public async Task Adding_all_takes_exactly_the_owner_s_subtree_at_the_standard_s_level_and_links_an_existing_assessment()
    {
        var admin = AppRole.Administrator;
        var city = await RoundRequests.ParentOfAsync(app, County);
        // The county already started its own assessment of that standard and year.
        var existing = await SchoolAssessment.Tests.Features.Assessments.AssessmentSteps.StartAsync(app, SchoolTreeFactory.UserName(AppRole.SchoolLeader),
            County, "provincial-evaluation", Year);
        var round = await RoundRequests.CreatedAsync(app, admin, city, "provincial-evaluation", Year);

        var response = await RoundRequests.AddSchoolsAsync(app, admin, round);

        Assert.True(response.Succeeded);
        Assert.Contains("新建评估 1 项,关联已有评估 1 项", response.Value!.Summary);
        var inRound = await RoundRequests.AssessmentsAsync(app, round);
        // The city's counties: not the city itself, not the township below K1, not the county of another province.
        Assert.Equal(new[] { County, app.Schools[Relation.Sibling] }.Order(), inRound.Keys.Order());
        Assert.Equal(existing, inRound[County]);
        Assert.Equal(1, await app.QueryAsync(db => db.Assessments.CountAsync(a => a.SchoolId == County && a.StandardId == "provincial-evaluation" && a.Year == Year)));
        var started = await app.QueryAsync(db => db.Assessments.AsNoTracking().FirstAsync(a => a.Id == inRound[app.Schools[Relation.Sibling]]));
        var newest = await app.QueryAsync(db => db.StandardVersions.Where(v => v.StandardId == "provincial-evaluation").MaxAsync(v => v.Id));
        Assert.Equal((newest, SchoolAssessment.Features.Assessments.AssessmentState.SelfAssessment, SchoolTreeFactory.UserName(AppRole.Administrator)),
            (started.StandardVersionId, started.State, started.CreatedBy));
    }

    [Fact]
    public async Task A_supervisor_s_round_takes_its_own_township_schools_and_not_a_sibling_s()
    {
        var (ownTownship, siblingTownship) = await MoreTownshipsAsync();
        var supervisor = AppRole.Supervisor;
        var round = await RoundRequests.CreatedAsync(app, supervisor, County, "township-six-haves", Year);

        Assert.True((await RoundRequests.AddSchoolsAsync(app, supervisor, round)).Succeeded);

        var inRound = await RoundRequests.AssessmentsAsync(app, round);
        Assert.Equal(new[] { app.Schools[Relation.Child], ownTownship }.Order(), inRound.Keys.Order());
        Assert.False(await app.QueryAsync(db => db.Assessments.AnyAsync(a => a.SchoolId == siblingTownship && a.Year == Year)));
    }

    [Fact]
    public async Task A_chosen_school_out_of_reach_refuses_the_whole_choice_and_a_valid_choice_adds_only_those()
    {
        var (ownTownship, siblingTownship) = await MoreTownshipsAsync();
        var supervisor = AppRole.Supervisor;
        var round = await RoundRequests.CreatedAsync(app, supervisor, County, "township-six-haves", Year);
        var child = app.Schools[Relation.Child];

        var outOfReach = await RoundRequests.AddSchoolsAsync(app, supervisor, round, [child, siblingTownship]);
        var chosen = await RoundRequests.AddSchoolsAsync(app, supervisor, round, [child]);

        Assert.Equal(OutcomeKind.Invalid, outOfReach.Kind);
        var errors = string.Join("", outOfReach.For("schools"));
        Assert.Contains("所选党校须是主办党校的下级党校", errors);
        Assert.DoesNotContain("T2", errors); // what it is, is not said
        Assert.True(chosen.Succeeded);
        Assert.Equal([child], (await RoundRequests.AssessmentsAsync(app, round)).Keys);
        Assert.False(await app.QueryAsync(db => db.Assessments.AnyAsync(a => a.SchoolId == ownTownship && a.Year == Year)));
    }

    [Fact]
    public async Task A_stale_page_adds_nothing_and_adding_again_duplicates_nothing()
    {
        await MoreTownshipsAsync();
        var supervisor = AppRole.Supervisor;
        var round = await RoundRequests.CreatedAsync(app, supervisor, County, "township-six-haves", Year);
        var stale = await RoundRequests.StampAsync(app, round);
        await RoundRequests.AddSchoolsAsync(app, supervisor, round, [app.Schools[Relation.Child]]);

        var fromStalePage = await RoundRequests.AddSchoolsAsync(app, supervisor, round, stamp: stale);
        var again = await RoundRequests.AddSchoolsAsync(app, supervisor, round);
        var once = await RoundRequests.AddSchoolsAsync(app, supervisor, round);

        Assert.Equal(OutcomeKind.Conflict, fromStalePage.Kind);
        Assert.Contains("他人已更改了此评估轮次", string.Join("", fromStalePage.For("round")));
        Assert.True(again.Succeeded);
        Assert.Contains("新建评估 1 项", again.Value!.Summary);
        Assert.Contains("新建评估 0 项,关联已有评估 0 项,2 所已在本轮次中", once.Value!.Summary);
        Assert.Equal(2, (await RoundRequests.AssessmentsAsync(app, round)).Count);
        Assert.Equal(2, await app.QueryAsync(db => db.Assessments.CountAsync(a => a.StandardId == "township-six-haves" && a.Year == Year)));
    }

    [Fact]
    public async Task A_school_already_in_another_round_stays_there()
    {
        await MoreTownshipsAsync();
        var supervisor = AppRole.Supervisor;
        var first = await RoundRequests.CreatedAsync(app, supervisor, County, "township-six-haves", Year, "第一轮");
        var second = await RoundRequests.CreatedAsync(app, supervisor, County, "township-six-haves", Year, "第二轮");
        await RoundRequests.AddSchoolsAsync(app, supervisor, first);
        var kept = await RoundRequests.AssessmentsAsync(app, first);

        var response = await RoundRequests.AddSchoolsAsync(app, supervisor, second);

        Assert.Contains("2 所党校的同年度评估已属于其他轮次,未加入", response.Value!.Summary);
        Assert.Empty(await RoundRequests.AssessmentsAsync(app, second));
        Assert.Equal(kept, await RoundRequests.AssessmentsAsync(app, first));
    }

    [Theory]
    [InlineData(AppRole.SchoolLeader)]
    [InlineData(AppRole.Evaluator)]
    public async Task Only_the_organiser_adds_schools(string role)
    {
        var round = await RoundRequests.CreatedAsync(app, AppRole.Supervisor, County, "township-six-haves", Year);

        var response = await RoundRequests.AddSchoolsAsync(app, role, round);

        Assert.True(response.Refused);
        Assert.Null(response.Value);
        Assert.True(await app.QueryAsync(db => db.SecurityEvents.AnyAsync(e => e.UserName == SchoolTreeFactory.UserName(role) && e.RequestPath == $"/rounds/{round}")));
        Assert.Empty(await RoundRequests.AssessmentsAsync(app, round));
    }
}
