using Bunit;
using Microsoft.EntityFrameworkCore;
using HomePage = SchoolAssessment.Components.Pages.Home;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Home;

/// <summary>An evaluator's home (我的评估): the assessments they are sent to, with the visit date and their scoring progress.</summary>
public class EvaluatorHomeTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private InteractivePageContext page = default!;

    public async Task InitializeAsync()
    {
        await app.EnsureSeededAsync();
        page = await InteractivePageContext.SignedInAsync(app, SchoolTreeFactory.UserName(AppRole.Evaluator));
    }

    public async Task DisposeAsync() => await page.DisposeAsync();

    [Fact]
    public async Task The_evaluator_sees_the_assessment_assigned_with_its_visit_and_progress()
    {
        var assessment = app.Assessments[Relation.Own];
        var items = app.Services.GetService(typeof(SchoolAssessment.Features.Standards.StandardLibrary)) is SchoolAssessment.Features.Standards.StandardLibrary library
            ? library.Find("optimized-development")!.Items.Count()
            : 0;

        var before = page.Bunit.Render<HomePage>();
        var card = before.Find($"[data-role=my-assessments] [data-assessment='{assessment}']");
        Assert.Contains("测试县委党校K1", card.TextContent);
        Assert.Contains("组长", card.TextContent);
        Assert.Contains("现场评估：未安排", card.QuerySelector("[data-role=visit]")!.TextContent);
        Assert.Contains($"已评 0 / {items} 项（0%）", card.QuerySelector("[data-role=progress]")!.TextContent);
        // Only assigned assessments: the sibling's and the child's are not the evaluator's.
        Assert.Single(before.FindAll("[data-role=my-assessments] [data-assessment]"));

        var evaluatorId = await app.QueryAsync(db => db.Users.Where(u => u.UserName == SchoolTreeFactory.UserName(AppRole.Evaluator)).Select(u => u.Id).FirstAsync());
        await app.QueryAsync(async db =>
        {
            var a = await db.Assessments.FirstAsync(x => x.Id == assessment);
            a.ScheduledOn = new DateOnly(2020, 6, 18);
            db.ItemScores.Add(new ItemScore { AssessmentId = assessment, SchoolId = a.SchoolId, ItemCode = "A1", Kind = ScoreKind.Evaluator, Scorer = evaluatorId });
            return await db.SaveChangesAsync();
        });

        var after = page.Bunit.Render<HomePage>().Find($"[data-assessment='{assessment}']");
        Assert.Contains("现场评估：2020-06-18", after.QuerySelector("[data-role=visit]")!.TextContent);
        Assert.Contains($"已评 1 / {items} 项", after.QuerySelector("[data-role=progress]")!.TextContent);
    }
}
