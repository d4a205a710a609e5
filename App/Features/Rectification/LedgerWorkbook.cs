using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents;
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
    // 已销号 is given by a reviewer in the app after accepting evidence; an upload never sets it, so no list offers it.
    private static readonly string[] StatusChoices = Enum.GetValues<RectificationStatus>().Where(s => s != RectificationStatus.Closed).Select(s => s.Name()).ToArray();

    /// <summary>
    /// The ledger's columns, in order; the upload finds them by key. Only the columns an upload reads back are editable
    /// on the protected sheet; 现状值, 目标值 and 差距 are said in 存在问题 and hidden, the version is hidden too.
    /// </summary>
    public static IReadOnlyList<SheetColumn> Columns { get; } =
    [
        new("序号", 5, CellKind.Integer) { Key = "no" },
        new("指标编号", 7) { Key = ItemKey },
        new("评估项目", 16, Wrap: true) { Key = "item" },
        new("问题类别", 9, Wrap: true) { Key = "category", Editable = true },
        new("存在问题", 30, Wrap: true) { Key = "problem" },
        new("现状值", 12, Wrap: true) { Key = "current", Hidden = true },
        new("目标值", 9, Wrap: true) { Key = "target", Hidden = true },
        new("差距", 9, Wrap: true) { Key = "shortfall", Hidden = true },
        new("失分", 6, CellKind.Number) { Key = "lost", NumberFormat = "0.##" },
        new("整改目标", 20, Wrap: true) { Key = "goal", Editable = true },
        new("整改措施", 34, Wrap: true) { Key = "measures", Editable = true },
        new("整改类型", 9) { Key = "type", Choices = TypeChoices, Editable = true },
        new("责任领导", 11, Wrap: true) { Key = "responsibleLeader", Editable = true },
        new("牵头单位", 11, Wrap: true) { Key = "leadUnit", Editable = true },
        new("配合单位", 14, Wrap: true) { Key = "cooperatingUnits", Editable = true },
        new("具体责任人", 9, Wrap: true) { Key = "personInCharge", Editable = true },
        new("完成时限", 11, CellKind.Date) { Key = "deadline", Editable = true },
        new("整改状态", 8) { Key = "status", Choices = StatusChoices, Editable = true },
        new("整改进度", 24, Wrap: true) { Key = "progress", Editable = true },
        new("佐证材料", 16, Wrap: true) { Key = "completionEvidence", Editable = true },
        new("销号审核意见", 16, Wrap: true) { Key = "reviewComment" },
        new("备注", 12, Wrap: true) { Key = "remarks", Editable = true },
        new("版本（勿改）", 10) { Key = StampKey, Hidden = true },
    ];

    /// <summary>The columns as a reader who may not edit gets them: nothing editable, no drop-downs.</summary>
    private static IReadOnlyList<SheetColumn> ReadOnlyColumns { get; } = Columns.Select(c => c with { Editable = false, Choices = null }).ToList();

    public static IReadOnlyList<SheetSpec> Sheets(PlanView view, IndicatorCatalog catalog, string schoolName)
    {
        var plan = view.Plan ?? throw new InvalidOperationException("no plan yet");
        var title = $"{schoolName}{view.Assessment.Year}年{view.Standard.Name}整改台账";
        var subtitle = $"依据：{(view.Basis == ScoreKind.Final ? "评估组最终评分" : "学校自评")}{NumberText.Of(plan.BasisTotal)}分（{plan.BasisGrade}）"
            + $"　整改目标：{plan.TargetGrade}　导出日期：{view.Today:yyyy年M月d日}"
            + (view.SchoolMayEdit ? "　工作表已保护：可填写的列可直接编辑，其余各列由系统生成，上传时不读取" : "");
        return
        [
            // A3 landscape: 19 visible columns fit one width at a size that can be read.
            new SheetSpec(LedgerSheet, view.SchoolMayEdit ? Columns : ReadOnlyColumns, LedgerRows(view))
            {
                Title = title, Subtitle = subtitle, ShowKeys = true, Protect = true, PaperSize = 8,
            },
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
            var review = line.ReviewComment is null ? "" : $"{line.ReviewComment}（{line.ReviewedBy}，{line.ReviewedAtUtc?.ToLocalTime():yyyy-MM-dd}）";
            yield return new SheetRow(
            [
                ++number, line.ItemCode, ChineseText.Typeset(line.ItemName) + (line.Veto ? "（一票否决）" : ""), line.Category,
                ChineseText.Typeset(line.Problem) + (line.GapResolved ? "（按最新评分已无差距）" : ""), line.Current, line.Target, line.Shortfall, line.PointsLost,
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
