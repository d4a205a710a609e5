using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>The two leaks an outside probe found: the evidence list behind a missing file, and the record of other evaluators' scores.</summary>
public class LeakTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    [Theory]
    [InlineData("Assessment")]
    [InlineData("Rectification")]
    public async Task An_anonymous_post_without_a_file_learns_nothing_of_the_evidence(string purpose)
    {
        await app.EnsureSeededAsync();
        var anonymous = await app.ClientWithAntiforgeryAsync();
        using var form = new MultipartFormDataContent { { new StringContent(purpose), "purpose" } };

        foreach (var relation in Enum.GetValues<Relation>())
        {
            var response = await anonymous.PostAsync($"/assessments/{app.Assessments[relation]}/items/A1/evidence", form);

            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("fixture.pdf", body);
            Assert.DoesNotContain("evidence/", body);
            Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{relation}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData(AppRole.Supervisor, Relation.Own, "Assessment")]
    [InlineData(AppRole.Evaluator, Relation.Own, "Assessment")]
    [InlineData(AppRole.SchoolLeader, Relation.Sibling, "Assessment")]
    [InlineData(AppRole.SchoolStaff, Relation.Outside, "Rectification")]
    [InlineData(AppRole.Supervisor, Relation.Outside, "Rectification")]
    public async Task A_signed_in_user_who_may_not_upload_gets_a_bare_refusal_without_a_file(string role, Relation relation, string purpose)
    {
        await app.EnsureSeededAsync();

        // The evidence list is interactive: its upload handler calls the service as the circuit's user, with no file.
        var outcome = await app.AsAsync<EvidenceService, EvidenceResult>(SchoolTreeFactory.UserName(role), $"/assessments/{app.Assessments[relation]}/items",
            (service, user) => service.UploadAsync(user, app.Assessments[relation], "A1", null, null, Enum.Parse<EvidencePurpose>(purpose)));

        Assert.True(outcome.Refused, $"{role} {relation} {purpose}: {outcome.Error}");
        Assert.Null(outcome.File);
        Assert.Null(outcome.Error); // a refusal says nothing of the assessment or its files
    }

    [Fact]
    public async Task The_school_posting_without_a_file_is_told_to_choose_one()
    {
        await app.EnsureSeededAsync();

        var outcome = await app.AsAsync<EvidenceService, EvidenceResult>(SchoolTreeFactory.UserName(AppRole.SchoolLeader), $"/assessments/{app.Assessments[Relation.Own]}/items",
            (service, user) => service.UploadAsync(user, app.Assessments[Relation.Own], "A1", null, null, EvidencePurpose.Assessment));

        Assert.False(outcome.Refused);
        Assert.Contains("请选择要上传的文件", outcome.Error);
    }

    [Fact]
    public async Task On_site_the_record_shows_an_evaluator_only_their_own_scores_and_the_school_none_of_the_evaluators()
    {
        await app.EnsureSeededAsync();
        int assessmentId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var evaluator = (await users.FindByNameAsync(SchoolTreeFactory.UserName(AppRole.Evaluator)))!;
            var other = new ApplicationUser { UserName = "t-other-expert", DisplayName = "另一位专家" };
            AccountSetup.Check(await users.CreateAsync(other, SchoolTreeFactory.Password), "other evaluator");
            AccountSetup.Check(await users.AddToRoleAsync(other, AppRole.Evaluator), "other evaluator");
            var schoolId = app.Schools[Relation.Own];
            var version = await db.StandardVersions.Where(v => v.StandardId == "optimized-development").Select(v => v.Id).FirstAsync();
            var assessment = new Assessment
            {
                SchoolId = schoolId, StandardId = "optimized-development", StandardVersionId = version, Year = 2023, State = AssessmentState.OnSite,
                Evaluators = [new AssessmentEvaluator { UserId = evaluator.Id }, new AssessmentEvaluator { UserId = other.Id, IsLead = true }],
            };
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync();
            assessmentId = assessment.Id;
            AuditEntry Entry(string key, string user, string value) => new()
            {
                AtUtc = DateTime.UtcNow, UserName = user, Subject = "ItemScore", SubjectKey = $"{assessmentId}/A1/{key}", Field = "Level",
                NewValue = value, SchoolId = schoolId,
            };
            db.AuditEntries.AddRange(
                Entry("Self", SchoolTreeFactory.UserName(AppRole.SchoolLeader), "自评值"),
                Entry("Evaluator", evaluator.UserName!, "本人评分"),
                Entry("Evaluator", other.UserName, "他人评分"),
                Entry("Final", other.UserName, "核定评分"));
            await db.SaveChangesAsync();
        }

        async Task<List<string>> ValuesAsync(string role)
        {
            var response = await (await app.ClientForAsync(role)).GetAsync($"/assessments/{assessmentId}/history");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            return html.QuerySelectorAll("[data-role=history] [data-role=new]").Select(c => c.TextContent.Trim()).ToList();
        }

        Assert.Equal(["自评值"], (await ValuesAsync(AppRole.SchoolLeader)).Where(v => v.EndsWith('值') || v.EndsWith("评分")));
        Assert.Equal(["自评值"], (await ValuesAsync(AppRole.SchoolStaff)).Where(v => v.EndsWith('值') || v.EndsWith("评分")));
        var own = await ValuesAsync(AppRole.Evaluator);
        Assert.Contains("本人评分", own);
        Assert.DoesNotContain("他人评分", own);
        Assert.DoesNotContain("核定评分", own);
        var supervisor = await ValuesAsync(AppRole.Supervisor);
        Assert.Contains("他人评分", supervisor);
        Assert.Contains("本人评分", supervisor);
        Assert.DoesNotContain("核定评分", supervisor); // the final score is the lead's until the feedback, as on the items page

        // The same rule in the query, whoever renders it.
        var audit = app.Services.CreateScope().ServiceProvider.GetRequiredService<AuditQueries>();
        var hidden = await audit.ForAssessmentAsync(app.Schools[Relation.Own], assessmentId, "x", null,
            new ScoreVisibility(false, false, "nobody"), 1);
        Assert.Equal(["自评值"], hidden.Rows.Select(r => r.NewValue));
    }
}
