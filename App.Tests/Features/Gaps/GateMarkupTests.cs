using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.QuickCheck;
using SchoolAssessment.Features.QuickCheck.Pages;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Tests.Features.Scoring;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Gaps;

/// <summary>The results panel names the gates not met and puts their gaps first, marked 必备条件.</summary>
public class GateMarkupTests
{
    [Fact]
    public async Task A_township_without_funding_sees_the_missing_have_named_and_its_gaps_first()
    {
        var standard = SeedLibrary.Get("township-six-haves");
        var full = GateTests.Full(standard);
        var indicators = new Dictionary<string, IndicatorValue>(full.Indicators)
        {
            ["townshipFundsSeparateLine"] = IndicatorValue.Of(false), ["townshipAnnualFunds"] = IndicatorValue.Of(0),
            ["townshipFundsEarmarked"] = IndicatorValue.Of(false), ["townshipClassroomSeats"] = IndicatorValue.Of(40),
        };
        var data = full with { Indicators = indicators };
        var result = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, data);
        var outcome = new QuickCheckOutcome([], [new StandardOutcome(result, GapFinder.Find(result, SeedLibrary.Value.Indicators, data))]);

        var page = await Markup.RenderAsync<QuickCheckResults>(new() { ["Outcome"] = outcome });

        Assert.Equal("必备条件未达到：F 有经费保障", page.QuerySelector("[data-role=gate-failures]")!.TextContent.Trim());
        var gaps = page.QuerySelectorAll("[data-item]").Where(e => e.HasAttribute("data-lost")).ToList();
        Assert.Equal(["F1", "F2", "F3", "B2"], gaps.Select(g => g.GetAttribute("data-item")).Where(c => c is not null).Distinct());
        Assert.All(gaps.Take(3), g => Assert.NotNull(g.QuerySelector("[data-role=gate]")));
        Assert.Null(gaps[3].QuerySelector("[data-role=gate]"));
    }
}
