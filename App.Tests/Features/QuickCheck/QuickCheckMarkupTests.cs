using Microsoft.Extensions.Primitives;
using SchoolAssessment.Features.QuickCheck;
using SchoolAssessment.Features.QuickCheck.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.QuickCheck;

public class QuickCheckMarkupTests
{
    private static QuickCheckOutcome Evaluate(params (string Field, string Value)[] fields) =>
        QuickCheckForm.Evaluate(SeedLibrary.Value, fields.Select(f => KeyValuePair.Create(f.Field, new StringValues(f.Value))));

    private static Task<AngleSharp.Dom.IDocument> Render(QuickCheckOutcome outcome) =>
        Markup.RenderAsync<QuickCheckResults>(new() { ["Outcome"] = outcome });

    [Fact]
    public async Task Shows_total_grade_and_dimensions_for_every_standard()
    {
        var page = await Render(Evaluate(("i.fulltimeTeachers", "8"), ("i.hasIndependentCampus", "true")));

        var cards = page.QuerySelectorAll("[data-standard]");
        Assert.Equal(SeedLibrary.Value.Standards.Select(s => s.Id), cards.Select(c => c.GetAttribute("data-standard")));
        foreach (var card in cards)
        {
            var standard = SeedLibrary.Get(card.GetAttribute("data-standard")!);
            Assert.Equal(standard.Dimensions.Count, card.QuerySelectorAll("tr[data-dimension]").Length);
            Assert.NotNull(card.QuerySelector("[data-role=grade]"));
        }
    }

    [Fact]
    public async Task The_total_is_the_engine_s_total_for_the_entered_values()
    {
        // C1 专职教师 8 of 10 (floor 5): 6 × 3/5 = 3.6; B1 独立校园: 3.
        var outcome = Evaluate(("i.fulltimeTeachers", "8"), ("i.hasIndependentCampus", "true"));
        var page = await Render(outcome);

        var card = page.QuerySelector("[data-standard='optimized-development']")!;
        Assert.Equal("6.6", card.QuerySelector("[data-role=total]")!.Text());
        Assert.Equal("未达标", card.QuerySelector("[data-role=grade]")!.Text());
    }

    [Fact]
    public async Task Gaps_list_veto_items_first_then_by_points_lost_in_their_own_units()
    {
        var page = await Render(Evaluate(("i.fulltimeTeachers", "8"), ("i.hasIndependentCampus", "true")));

        var gaps = page.QuerySelectorAll("[data-standard='optimized-development'] [data-item]").ToList();
        var vetoCount = SeedLibrary.Get("optimized-development").Items.Count(i => i.Veto && i.Code != "B1");
        Assert.All(gaps.Take(vetoCount), g => Assert.Contains("否决", g.Text()));
        var lost = gaps.Skip(vetoCount).Select(g => decimal.Parse(g.GetAttribute("data-lost")!)).ToList();
        Assert.Equal(lost.OrderByDescending(x => x), lost);

        var teachers = gaps.Single(g => g.GetAttribute("data-item") == "C1");
        Assert.Contains("专职教师人数 8人 / 目标10人，差2人，失2.4分", teachers.Text());
    }

    [Fact]
    public async Task The_shortest_way_to_the_next_grade_is_shown_with_the_items_to_fix()
    {
        var outcome = Evaluate(("i.fulltimeTeachers", "8"), ("i.hasIndependentCampus", "true"));
        var page = await Render(outcome);

        var way = page.QuerySelector("[data-standard='optimized-development'] [data-role=way]")!;
        var expected = SchoolAssessment.Features.Gaps.WayToGrade.Next(outcome.Standards[0].Result)!;
        Assert.Equal(expected.Target.Code, way.GetAttribute("data-target"));
        Assert.Equal(expected.Items.Select(i => i.Code), way.QuerySelectorAll("[data-way-item]").Select(e => e.GetAttribute("data-way-item")));
        Assert.Contains($"最少需整改 {expected.Items.Count} 项", way.Text());
    }

    [Fact]
    public async Task Bad_input_lists_the_fields_and_scores_nothing()
    {
        var page = await Render(Evaluate(("i.fulltimeTeachers", "-4"), ("i.traineeBeds", "很多")));

        var errors = page.QuerySelectorAll("[data-role=input-errors] li").Select(e => e.GetAttribute("data-key")).ToList();
        Assert.Equal(["indicators.traineeBeds", "indicators.fulltimeTeachers"], errors);
        Assert.Contains("专职教师人数", page.QuerySelector("[data-role=input-errors]")!.Text());
        Assert.Empty(page.QuerySelectorAll("[data-standard]"));
    }

    [Fact]
    public async Task An_empty_form_explains_what_to_do()
    {
        var page = await Render(Evaluate());

        Assert.Contains("在左侧填写指标", page.Body!.Text());
    }
}
