using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Standards;

public class RuleDescriberTests
{
    private static string Describe(decimal points, Rule rule) => RuleDescriber.Describe(Item("X1", points, rule), Catalog);

    [Fact]
    public void Describes_each_rule_type_in_plain_chinese()
    {
        Assert.Equal("专职教师人数≥10人得满分,≤5人不得分,之间按比例", Describe(6, new ThresholdRule("teachers", Linear(10, 5))));
        Assert.Equal("学风问题次数≤0次得满分,≥3次不得分,之间按比例", Describe(3, new ThresholdRule("incidents", Linear(0, 3, Direction.AtMost))));
        Assert.Equal("专职教师人数≥3人得满分,否则不得分", Describe(2, new ThresholdRule("teachers", Mode(ScaleMode.AllOrNothing, 3))));
        Assert.Equal("领导干部讲课课时占主体班次总课时的比例≥20%得满分;未达到的按比例得分,最多得一半(≤0%不得分)",
            Describe(3, new RatioRule("hours", "allHours", Mode(ScaleMode.HalfCap, 0.2m))));
        Assert.Equal("专职教师人数≥1人得1.5分,≥2人得3分,否则不得分",
            Describe(3, new ThresholdRule("teachers", Mode(ScaleMode.Steps, 2, steps: [new Step(1, 0.5m), new Step(2, 1)]))));
        Assert.Equal("有独立校园:是得满分,否不得分", Describe(3, new BooleanRule("campus")));
        Assert.Equal("以下2项每具备1项得1分:有图书室、有食堂", Describe(2, new ChecklistRule(["library", "canteen"], ChecklistMode.Linear)));
        Assert.Equal("以下2项全部具备得满分,否则不得分:有图书室、有食堂", Describe(2, new ChecklistRule(["library", "canteen"], ChecklistMode.AllOrNothing)));
        Assert.Equal("评委评定等级:A 好得4分,B 较好得3分", Describe(4, new GradedRule([new("A", "好", 1), new("B", "较好", 0.75m)])));
        Assert.Equal("评委在 0–4 分之间评分,以 0.5 分为单位", Describe(4, new JudgementRule()));
    }
}
