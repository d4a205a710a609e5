using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Rectification;

/// <summary>
/// The 整改台账 as a workbook a school office prints and hands to departments: the ledger (DOMAIN.md E.2 columns),
/// the item scores it comes from, and the indicators behind them. The ledger's key row lets the edited file come back.
/// </summary>
public static class LedgerWorkbook
{
    public const string LedgerSheet = "整改台账";

    // Keys of the columns the upload reads back; the header text may be reworded, the keys may not.
    public const string ItemKey = "itemCode", StampKey = "version";

    private static readonly string[] TypeChoices = Enum.GetValues<RectificationType>().Select(t => t.Name()).ToArray();
    private static readonly string[] StatusChoices = Enum.GetValues<RectificationStatus>().Select(s => s.Name()).ToArray();

    /// <summary>The ledger's columns, in order; the upload finds them by key.</summary>
    public static IReadOnlyList<SheetColumn> Columns { get; } =
    [
        new("序号", 5, CellKind.Integer) { Key = "no" },
        new("指标编号", 7) { Key = ItemKey },
        new("评估项目", 16, Wrap: true) { Key = "item" },
        new("问题类别", 9, Wrap: true) { Key = "category" },
        new("存在问题", 28, Wrap: true) { Key = "problem" },
        new("现状值", 12, Wrap: true) { Key = "current" },
        new("目标值", 9, Wrap: true) { Key = "target" },
        new("差距", 9, Wrap: true) { Key = "shortfall" },
        new("失分", 6, CellKind.Number) { Key = "lost", NumberFormat = "0.##" },
        new("整改目标", 22, Wrap: true) { Key = "goal" },
        new("整改措施", 34, Wrap: true) { Key = "measures" },
        new("整改类型", 9) { Key = "type", Choices = TypeChoices },
        new("责任领导", 11, Wrap: true) { Key = "responsibleLeader" },
        new("牵头单位", 11, Wrap: true) { Key = "leadUnit" },
        new("配合单位", 14, Wrap: true) { Key = "cooperatingUnits" },
        new("具体责任人", 9, Wrap: true) { Key = "personInCharge" },
        new("完成时限", 11, CellKind.Date) { Key = "deadline" },
        new("整改状态", 8) { Key = "status", Choices = StatusChoices },
        new("整改进度", 26, Wrap: true) { Key = "progress" },
        new("佐证材料", 18, Wrap: true) { Key = "completionEvidence" },
        new("销号审核意见", 18, Wrap: true) { Key = "reviewComment" },
        new("备注", 14, Wrap: true) { Key = "remarks" },
        new("版本(勿改)", 10) { Key = StampKey },
    ];

    public static IReadOnlyList<SheetSpec> Sheets(PlanView view, IndicatorCatalog catalog, string schoolName)
    {
        var plan = view.Plan ?? throw new InvalidOperationException("no plan yet");
        var title = $"{schoolName}{view.Assessment.Year}年{view.Standard.Name}整改台账";
        var subtitle = $"依据:{(view.Basis == ScoreKind.Final ? "评估组最终评分" : "学校自评")} {NumberText.Of(plan.BasisTotal)}分({plan.BasisGrade})"
            + $" 整改目标:{plan.TargetGrade}  导出日期:{view.Today:yyyy-MM-dd}";
        return
        [
            new SheetSpec(LedgerSheet, Columns, LedgerRows(view)) { Title = title, Subtitle = subtitle, ShowKeys = true },
            new SheetSpec("评分明细", ScoreColumns, ScoreRows(view.Result)) { Title = $"{schoolName}{view.Assessment.Year}年{view.Standard.Name}评分明细" },
            new SheetSpec("指标数据", IndicatorColumns, IndicatorRows(view, catalog)) { Title = $"{schoolName}{view.Assessment.Year}年指标数据", Landscape = false },
        ];
    }

    /// <summary>The line's version as exported: an upload of an older version would overwrite someone's later edit.</summary>
    public static string Version(RectificationLine line) => line.ConcurrencyStamp.ToString("N")[..12];

    private static IEnumerable<SheetRow> LedgerRows(PlanView view)
    {
        var number = 0;
        foreach (var line in view.Lines)
        {
            var style = view.IsOverdue(line) ? RowStyle.Highlight : line.GapResolved || line.Status == RectificationStatus.Closed ? RowStyle.Muted : RowStyle.Normal;
            var review = line.ReviewComment is null ? "" : $"{line.ReviewComment}({line.ReviewedBy},{line.ReviewedAtUtc?.ToLocalTime():yyyy-MM-dd})";
            yield return new SheetRow(
            [
                ++number, line.ItemCode, line.ItemName + (line.Veto ? "(一票否决)" : ""), line.Category,
                line.Problem + (line.GapResolved ? "(按最新评分已无差距)" : ""), line.Current, line.Target, line.Shortfall, line.PointsLost,
                line.Goal, line.Measures, line.Type.Name(), line.ResponsibleLeader, line.LeadUnit, line.CooperatingUnits, line.PersonInCharge,
                line.Deadline, line.Status.Name(), line.Progress, line.CompletionEvidence, review, line.Remarks,
                Version(line),
            ], style);
        }
    }

    private static readonly IReadOnlyList<SheetColumn> ScoreColumns =
    [
        new("维度", 18, Wrap: true), new("编号", 7), new("评估项目", 30, Wrap: true), new("分值", 7, CellKind.Number),
        new("得分", 7, CellKind.Number), new("失分", 7, CellKind.Number), new("状态", 9), new("一票否决", 8), new("说明", 40, Wrap: true),
    ];

    private static IEnumerable<SheetRow> ScoreRows(ScoreResult result)
    {
        foreach (var dimension in result.Dimensions)
        {
            foreach (var item in dimension.Items)
            {
                yield return new SheetRow(
                [
                    $"{dimension.Dimension.Code} {dimension.Dimension.Name}", item.Code, item.Item.Name, item.Item.Points, item.Score, item.Lost,
                    item.Status switch { ItemStatus.Met => "达标", ItemStatus.Partial => "部分达标", ItemStatus.Missing => "未填报", _ => "未达标" },
                    item.Item.Veto ? "是" : "", item.Override is { } o ? $"评委调整:{o.Reason}" : "",
                ], item.IsVetoFailure ? RowStyle.Highlight : RowStyle.Normal);
            }

            yield return new SheetRow([$"{dimension.Dimension.Code} 小计", "", "", dimension.Max, dimension.Score, dimension.Max - dimension.Score, "", "", ""], RowStyle.Bold);
        }

        yield return new SheetRow(["总分", "", result.Grade.Name, result.Max, result.Total, result.Max - result.Total, "", "", ""], RowStyle.Bold);
    }

    private static readonly IReadOnlyList<SheetColumn> IndicatorColumns =
    [
        new("类别", 14), new("指标", 36, Wrap: true), new("数值", 12, CellKind.Number), new("单位", 8), new("指标键", 28),
    ];

    private static IEnumerable<SheetRow> IndicatorRows(PlanView view, IndicatorCatalog catalog)
    {
        foreach (var key in view.Standard.IndicatorKeys)
        {
            var indicator = catalog[key];
            object? value = view.Board.Indicators.Indicators.TryGetValue(key, out var v) ? v.Flag is { } f ? (f ? "是" : "否") : v.Number : "(未填报)";
            yield return new SheetRow([indicator.Category, indicator.Name, value, indicator.Unit, key]);
        }
    }
}
