using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Standards;

public class StandardLoaderTests
{
    private const string Valid = """
        id: sample
        name: 示例标准
        version: "1"
        kind: evaluation
        grades:
          - { code: good, name: 合格, min: 60, pass: true }
          - { code: bad, name: 不合格, min: 0, pass: false }
        dimensions:
          - code: A
            name: 师资
            minRatio: 0.6
            items:
              - code: A1
                name: 专职教师
                points: 6
                veto: true
                rule: { type: threshold, indicator: teachers, target: 10, floor: 5 }
                evidence: [教师花名册]
                hint: 补足专职教师
                source: 001_f762b35cc51b0dff.txt
              - code: A2
                name: 评委评定
                points: 4
                rule: { type: graded, levels: [{ code: A, name: 好, ratio: 1 }, { code: B, name: 差, ratio: 0 }] }
        """;

    private static Standard Load(string yaml) => StandardLoader.Parse("sample.yaml", yaml, Catalog);

    private static string Refusal(string yaml) =>
        string.Join("\n", Assert.Throws<StandardFileException>(() => Load(yaml)).Errors);

    [Fact]
    public void A_valid_file_loads_every_field()
    {
        var standard = Load(Valid);

        Assert.Equal("sample", standard.Id);
        Assert.Equal(10, standard.Max);
        var item = standard.Items.First();
        Assert.True(item.Veto);
        Assert.Equal(new ThresholdRule("teachers", new Scale(10, 5, Direction.AtLeast, ScaleMode.Linear, [])).Indicator, ((ThresholdRule)item.Rule).Indicator);
        Assert.Equal(5, ((ThresholdRule)item.Rule).Scale.Floor);
        Assert.Equal(["教师花名册"], item.Evidence);
        Assert.Equal("补足专职教师", item.Hint);
        Assert.Equal(0.6m, standard.Dimensions[0].MinRatio);
        Assert.Equal(2, ((GradedRule)standard.Items.Last().Rule).Levels.Count);
    }

    [Theory]
    [InlineData("code: A2", "code: A1", "item A1: the code 'A1' repeats")]
    [InlineData("indicator: teachers", "indicator: nobody", "item A1: indicator 'nobody' is not in the catalogue")]
    [InlineData("indicator: teachers", "indicator: campus", "item A1: indicator 'campus' is boolean, but this rule needs integer or decimal")]
    [InlineData("points: 6", "points: 0", "item A1: 'points' must be positive")]
    [InlineData("points: 6", "points: -2", "item A1: 'points' must be positive")]
    [InlineData("points: 6", "points: 1.234", "item A1: 'points' 1.234 has more than 2 decimals")]
    [InlineData("target: 10, floor: 5", "target: 10, floor: 10", "item A1: a linear rule needs floor < target")]
    [InlineData("target: 10, floor: 5", "target: 10, floor: 12", "item A1: a linear rule needs floor < target")]
    [InlineData("target: 10, floor: 5 }", "target: 10, floor: 5, direction: atMost }", "item A1: a linear atMost rule needs floor > target")]
    [InlineData("target: 10, floor: 5 }", "target: 10, floor: 5, mode: halfCap }", "")] // valid: listed to show halfCap loads
    [InlineData("{ type: threshold, indicator: teachers, target: 10, floor: 5 }", "{ type: threshold, indicator: teachers }", "item A1: a threshold or ratio rule needs a 'target'")]
    [InlineData("ratio: 0 }", "ratio: 1.5 }", "item A2: level B: ratio 1.5 is outside [0, 1]")]
    [InlineData("minRatio: 0.6", "minRatio: 60", "dimension A: 'minRatio' 60 is outside [0, 1]")]
    [InlineData("min: 60, pass: true", "min: 0, pass: true }\n  - { code: worse, name: 更差, min: 10, pass: false", "grade worse: grades must be in descending 'min' order")]
    [InlineData("min: 0, pass: false", "min: 0, pass: true", "grade bad: the last grade is the failing one and must have 'pass: false'")]
    [InlineData("type: threshold", "type: formula", "item A1: rule type 'formula' is not one of")]
    [InlineData("target: 10, floor: 5 }", "target: 10, floor: 5, mode: sometimes }", "item A1: 'mode' must be linear, allOrNothing, halfCap or steps")]
    [InlineData("target: 10, floor: 5 }", "target: 10, floor: 5, mode: steps }", "item A1: a steps rule needs a 'steps' list")]
    [InlineData("id: sample", "id: other", "'id' is 'other' but the file is named 'sample.yaml'")]
    [InlineData("kind: evaluation", "kind: ranking", "'kind' must be classification or evaluation")]
    public void A_file_breaking_the_contract_is_refused_naming_the_file_the_item_and_the_reason(string find, string replace, string reason)
    {
        var yaml = Valid.Replace(find, replace);
        Assert.NotEqual(Valid, yaml);

        if (reason.Length == 0)
        {
            Assert.NotNull(Load(yaml));
            return;
        }

        var refusal = Refusal(yaml);
        Assert.Contains("sample.yaml: ", refusal);
        Assert.Contains(reason, refusal);
    }

    [Fact]
    public void A_bonus_dimension_with_a_min_ratio_is_refused()
    {
        var yaml = Valid.Replace("    minRatio: 0.6", "    bonus: true\n    minRatio: 0.6");

        Assert.Contains("dimension A: a bonus dimension has no 'minRatio'", Refusal(yaml));
    }

    [Fact]
    public void A_step_ratio_outside_zero_to_one_is_refused()
    {
        var yaml = Valid.Replace("target: 10, floor: 5 }", "target: 10, mode: steps, steps: [{ at: 5, ratio: 0.5 }, { at: 10, ratio: 2 }] }");

        Assert.Contains("item A1: step ratio 2 is outside [0, 1]", Refusal(yaml));
    }

    [Fact]
    public void A_checklist_needs_boolean_indicators()
    {
        var yaml = Valid.Replace("{ type: threshold, indicator: teachers, target: 10, floor: 5 }", "{ type: checklist, indicators: [campus, teachers] }");

        Assert.Contains("item A1: indicator 'teachers' is integer, but this rule needs boolean", Refusal(yaml));
    }

    [Fact]
    public void An_unknown_field_is_refused_with_its_line()
    {
        var refusal = Refusal(Valid.Replace("    minRatio: 0.6", "    minRatio: 0.6\n    weight: 3"));

        Assert.Contains("sample.yaml (line 12, column 5)", refusal);
        Assert.Contains("weight", refusal);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_together()
    {
        var yaml = Valid.Replace("points: 6", "points: 0").Replace("indicator: teachers", "indicator: nobody");

        var errors = Assert.Throws<StandardFileException>(() => Load(yaml)).Errors;

        Assert.Equal(2, errors.Count);
    }

    [Theory]
    [InlineData("key: teachers", "key: Teachers", "'key' must match")]
    [InlineData("type: integer", "type: text", "'type' must be integer, decimal or boolean")]
    [InlineData("min: 0", "min: 50", "min 50 is above max 10")]
    public void The_indicator_catalogue_is_validated_too(string find, string replace, string reason)
    {
        const string catalog = """
            indicators:
              - key: teachers
                name: 专职教师人数
                category: 师资
                type: integer
                unit: 人
                min: 0
                max: 10
            """;

        var e = Assert.Throws<StandardFileException>(() => IndicatorCatalogLoader.Parse("indicators.yaml", catalog.Replace(find, replace)));

        Assert.Contains(reason, e.Message);
        Assert.StartsWith("indicators.yaml: indicator ", e.Errors[0]);
    }

    private const string TwoCounts = """
        indicators:
          - key: teachers
            name: 专职教师人数
            category: 师资
            type: integer
            unit: 人
          - key: masters
            name: 研究生学历专职教师人数
            category: 师资
            type: integer
            unit: 人
            lte: teachers
          - key: campus
            name: 有独立校园
            category: 条件
            type: boolean
        """;

    [Theory]
    [InlineData("lte: teachers", "lte: nobody", "indicator masters: 'lte' names 'nobody', which is not in the catalogue")]
    [InlineData("lte: teachers", "lte: masters", "indicator masters: 'lte' names the indicator itself")]
    [InlineData("lte: teachers", "lte: [teachers, campus]", "indicator masters: 'lte' names 'campus', which is not a number")]
    [InlineData("    lte: teachers", "    derived: { from: villages }", "indicator masters: 'derived.from' must be townshipSchools")]
    [InlineData("    lte: teachers", "    derived: { from: townshipSchools, with: teachers }", "indicator masters: 'derived.with' names 'teachers', which is not a boolean indicator")]
    public void A_broken_relation_or_roll_up_is_refused_naming_the_indicator(string find, string replace, string reason)
    {
        Assert.NotNull(IndicatorCatalogLoader.Parse("indicators.yaml", TwoCounts));

        var e = Assert.Throws<StandardFileException>(() => IndicatorCatalogLoader.Parse("indicators.yaml", TwoCounts.Replace(find, replace)));

        Assert.Contains("indicators.yaml: " + reason, e.Message);
    }

    [Theory]
    [InlineData("floor: 5 }", "floor: 5 }\n        gate: { atLeast: 12 }", "item A1: the gate (12) lies beyond the target (10)")]
    [InlineData("floor: 5 }", "floor: 5 }\n        gate: { atMost: 3 }", "item A1: the gate's direction (atMost) differs from the rule's")]
    [InlineData("floor: 5 }", "floor: 5 }\n        gate: { atLeast: 3, atMost: 4 }", "item A1: 'gate' needs exactly one of 'atLeast' or 'atMost'")]
    [InlineData("ratio: 0 }] }", "ratio: 0 }] }\n        gate: { atLeast: 1 }", "item A2: a 'gate' is only read on a threshold or ratio rule")]
    [InlineData("minRatio: 0.6", "gate: { minRatio: 1.5 }", "dimension A: 'gate.minRatio' 1.5 is outside (0, 1]")]
    [InlineData("minRatio: 0.6", "minRatio: 0.6\n    gate: { minRatio: 0.5 }", "dimension A: a dimension has either 'minRatio' or 'gate', not both")]
    [InlineData("floor: 5 }", "floor: 5 }\n        checks: [查阅资料, 看一看]", "item A1: check method '看一看' is not one of")]
    public void A_broken_gate_or_check_is_refused_naming_the_item_and_the_reason(string find, string replace, string reason)
    {
        var yaml = Valid.Replace(find, replace);
        Assert.NotEqual(Valid, yaml);

        Assert.Contains("sample.yaml: " + reason, Refusal(yaml));
    }

    [Fact]
    public void Gates_and_checks_load()
    {
        var standard = Load(Valid.Replace("floor: 5 }", "floor: 5 }\n        gate: { atLeast: 5 }\n        checks: [查阅资料, 实地查看]")
            .Replace("minRatio: 0.6", "gate: { minRatio: 0.5 }"));

        Assert.Equal(new ItemGate(Direction.AtLeast, 5), standard.Items.First().Gate);
        Assert.Equal(["查阅资料", "实地查看"], standard.Items.First().CheckMethods);
        Assert.Equal(new DimensionGate(0.5m), standard.Dimensions[0].Gate);
        Assert.True(standard.HasGates);
    }
}
