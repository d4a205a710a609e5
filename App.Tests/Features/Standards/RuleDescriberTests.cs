using SchoolAssessment.Features.Standards;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Standards;

public class RuleDescriberTests
{
    private static string Describe(decimal points, Rule rule) => RuleDescriber.Describe(Item("X1", points, rule), Catalog);

    [Fact]
    public void Describes_each_rule_type_in_plain_chinese()
    {
        Assert.Equal("专职教师人数≥10人得满分，≤5人不得分，之间按比例", Describe(6, new ThresholdRule("teachers", Linear(10, 5))));
        Assert.Equal("学风问题次数≤0次得满分，≥3次不得分，之间按比例", Describe(3, new ThresholdRule("incidents", Linear(0, 3, Direction.AtMost))));
        Assert.Equal("专职教师人数≥3人得满分，否则不得分", Describe(2, new ThresholdRule("teachers", Mode(ScaleMode.AllOrNothing, 3))));
        Assert.Equal("领导干部讲课课时占主体班次总课时的比例≥20%得满分；未达到的按比例得分，最多得一半（≤0%不得分）",
            Describe(3, new RatioRule("hours", "allHours", Mode(ScaleMode.HalfCap, 0.2m))));
        Assert.Equal("专职教师人数≥1人得1.5分，≥2人得3分，否则不得分",
            Describe(3, new ThresholdRule("teachers", Mode(ScaleMode.Steps, 2, steps: [new Step(1, 0.5m), new Step(2, 1)]))));
        Assert.Equal("有独立校园：是得满分，否不得分", Describe(3, new BooleanRule("campus")));
        Assert.Equal("以下2项全部具备得2分，每缺1项扣1分：有图书室、有食堂", Describe(2, new ChecklistRule(["library", "canteen"], ChecklistMode.Linear)));
        Assert.Equal("以下2项全部具备得满分，否则不得分：有图书室、有食堂", Describe(2, new ChecklistRule(["library", "canteen"], ChecklistMode.AllOrNothing)));
        Assert.Equal("评委评定等级：A 好得4分，B 较好得3分", Describe(4, new GradedRule([new("A", "好", 1), new("B", "较好", 0.75m)])));
        Assert.Equal("评委在 0–4 分之间评分，以 0.5 分为单位", Describe(4, new JudgementRule()));
    }

    [Theory]
    [InlineData(2, 2, "以下2项全部具备得2分，每缺1项扣1分")]
    [InlineData(1, 2, "以下2项全部具备得1分，每缺1项扣0.5分")]
    [InlineData(1.5, 2, "以下2项全部具备得1.5分，每缺1项扣0.75分")]
    // 1 ÷ 3 = 0.333…: "每具备1项得0.33分" would not add up (3 × 0.33 ≠ 1), so the share is stated.
    [InlineData(1, 3, "以下3项全部具备得1分，按具备项数比例计分")]
    public void A_checklist_states_points_per_element_only_where_they_add_up(decimal points, int count, string expected)
    {
        var keys = new[] { "library", "canteen", "campus" }.Take(count).ToList();
        Assert.StartsWith(expected + "：", Describe(points, new ChecklistRule(keys, ChecklistMode.Linear)));
    }

    [Fact]
    public void Every_shipped_checklist_adds_up_and_every_description_uses_full_width_punctuation()
    {
        var library = SeedLibrary.Value;
        foreach (var standard in library.Standards)
        {
            foreach (var item in standard.Items)
            {
                var text = RuleDescriber.Describe(item, library.Indicators);
                Assert.DoesNotMatch("[,:;()]", text);
                var each = System.Text.RegularExpressions.Regex.Match(text, "每缺1项扣([0-9.]+)分");
                if (each.Success && item.Rule is ChecklistRule c)
                    Assert.Equal(item.Points, decimal.Parse(each.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * c.Indicators.Count);
            }
        }
    }
}
