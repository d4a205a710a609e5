using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Tests.Support;

/// <summary>Small standards built in code, so each engine test shows its whole rule.</summary>
internal static class TestStandards
{
    public static readonly IndicatorCatalog Catalog = new(
    [
        new Indicator("teachers", "专职教师人数", "Teachers", "师资", IndicatorType.Integer, "人", 0, 1000, null),
        new Indicator("funds", "业务经费", "Funds", "经费", IndicatorType.Decimal, "万元", 0, 10000, null),
        new Indicator("incidents", "学风问题次数", "Incidents", "管理", IndicatorType.Integer, "次", 0, 100, null),
        new Indicator("hours", "领导干部讲课课时", "Leader hours", "教学", IndicatorType.Decimal, "课时", 0, 100000, null),
        new Indicator("allHours", "主体班次总课时", "All hours", "教学", IndicatorType.Decimal, "课时", 0, 100000, null),
        new Indicator("campus", "有独立校园", "Campus", "条件", IndicatorType.Boolean, null, null, null, null),
        new Indicator("library", "有图书室", "Library", "条件", IndicatorType.Boolean, null, null, null, null),
        new Indicator("canteen", "有食堂", "Canteen", "条件", IndicatorType.Boolean, null, null, null, null),
    ]);

    public static readonly IReadOnlyList<Grade> Grades =
    [
        new("excellent", "优秀", 90, true),
        new("qualified", "合格", 60, true),
        new("failed", "不合格", 0, false),
    ];

    public static Scale Linear(decimal target, decimal floor = 0, Direction direction = Direction.AtLeast) =>
        new(target, floor, direction, ScaleMode.Linear, []);

    public static Scale Mode(ScaleMode mode, decimal target, decimal floor = 0, Direction direction = Direction.AtLeast, params Step[] steps) =>
        new(target, floor, direction, mode, steps);

    public static Item Item(string code, decimal points, Rule rule, bool veto = false) =>
        new(code, "项目" + code, points, veto, rule, [], null, null);

    public static Dimension Dimension(string code, params Item[] items) => new(code, "维度" + code, null, false, items);

    public static Standard Standard(params Dimension[] dimensions) =>
        new("test", "测试标准", null, "1", StandardKind.Evaluation, null, Grades, dimensions);

    public static Standard Standard(params Item[] items) => Standard(Dimension("A", items));

    public static SchoolData Data(params (string Key, object Value)[] values) =>
        SchoolData.Empty with
        {
            Indicators = values.ToDictionary(v => v.Key, v => v.Value switch
            {
                bool b => IndicatorValue.Of(b),
                int i => IndicatorValue.Of(i),
                decimal d => IndicatorValue.Of(d),
                _ => throw new ArgumentException($"unsupported test value {v.Value}"),
            }),
        };

    public static ScoreResult Score(Standard standard, SchoolData data) => ScoringEngine.Score(standard, Catalog, data);

    /// <summary>Scores one item alone and returns its result.</summary>
    public static ItemResult ScoreItem(Item item, SchoolData data) => Score(Standard(item), data).Items.Single();
}
