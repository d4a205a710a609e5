using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Reports;

/// <summary>
/// The blank scoring sheet as a workbook: one row per item with its rule and evidence, the score left to fill in.
/// The sheet is protected: only 得分 (at most the item's points) and 扣分原因 take input; 小计 and 合计 are formulas.
/// </summary>
public static class ScoringSheetWorkbook
{
    private const string PointsHeader = "分值", ScoreHeader = "得分";

    private static readonly IReadOnlyList<SheetColumn> Columns = Build();

    private static IReadOnlyList<SheetColumn> Build()
    {
        IReadOnlyList<SheetColumn> columns =
        [
            new("维度", 16, Wrap: true), new("编号", 7), new("评估项目", 24, Wrap: true), new(PointsHeader, 7, CellKind.Number),
            new("评分标准", 40, Wrap: true), new("佐证材料", 26, Wrap: true), new("检查方式", 12, Wrap: true),
            new(ScoreHeader, 8, CellKind.Number) { Editable = true }, new("扣分原因／备注", 30, Wrap: true) { Editable = true },
        ];
        var points = Index(columns, PointsHeader);
        return columns.Select(c => c.Header == ScoreHeader ? c with { AtMostColumn = points } : c).ToList();
    }

    private static int Index(IReadOnlyList<SheetColumn> columns, string header) => columns.Select(c => c.Header).ToList().IndexOf(header);

    private static string Letter(string header) => XlsxReader.ColumnLetters(Index(Columns, header) + 1);

    public static SheetSpec Sheet(Assessment assessment, Standard standard, IndicatorCatalog catalog)
    {
        var spec = new SheetSpec("评分表", Columns, [])
        {
            Title = ChineseText.Typeset($"{standard.Name}评分表"),
            Subtitle = $"被评估单位：{assessment.School!.Name}　评估年度：{assessment.Year}年　标准版本：{standard.Version}　评估专家（签字）：",
            Protect = true,
        };
        return spec with { Rows = Rows(standard, catalog, spec.FirstDataRow) };
    }

    private static IEnumerable<SheetRow> Rows(Standard standard, IndicatorCatalog catalog, int firstRow)
    {
        var row = firstRow;
        var subtotals = new List<int>();
        var (points, score) = (Letter(PointsHeader), Letter(ScoreHeader));
        foreach (var dimension in standard.Dimensions)
        {
            var first = row;
            foreach (var item in dimension.Items)
            {
                yield return new SheetRow(
                [
                    ChineseText.Typeset($"{dimension.Code} {dimension.Name}"), item.Code, ChineseText.Typeset(item.Name) + (item.Veto ? "（一票否决）" : "") + (item.Gate is null ? "" : "（必备条件）"), item.Points,
                    ChineseText.Typeset(RuleDescriber.Describe(item, catalog)), ChineseText.Typeset(string.Join("、", item.Evidence)), string.Join("、", item.CheckMethods), null, null,
                ]);
                row++;
            }

            // 小计: the dimension's points and what the evaluator's scores add up to, computed by the spreadsheet.
            yield return new SheetRow(
            [
                $"{dimension.Code} 小计", null, null, new SheetFormula($"SUM({points}{first}:{points}{row - 1})", dimension.Max), null, null, null,
                new SheetFormula($"SUM({score}{first}:{score}{row - 1})", 0m), null,
            ], RowStyle.Bold);
            subtotals.Add(row++);
        }

        yield return new SheetRow(
        [
            "合计", null, null, new SheetFormula(string.Join("+", subtotals.Select(r => $"{points}{r}")), standard.Max), null, null, null,
            new SheetFormula(string.Join("+", subtotals.Select(r => $"{score}{r}")), 0m), null,
        ], RowStyle.Bold);
    }
}
