using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Reports;

/// <summary>The blank scoring sheet as a workbook: one row per item with its rule and evidence, the score left to fill in.</summary>
public static class ScoringSheetWorkbook
{
    private static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("维度", 16, Wrap: true), new("编号", 7), new("评估项目", 24, Wrap: true), new("分值", 7, CellKind.Number),
        new("评分标准", 40, Wrap: true), new("佐证材料", 26, Wrap: true), new("检查方式", 12, Wrap: true),
        new("得分", 8, CellKind.Number) { Min = 0 }, new("扣分原因 / 备注", 30, Wrap: true),
    ];

    public static SheetSpec Sheet(Assessment assessment, Standard standard, IndicatorCatalog catalog) =>
        new("评分表", Columns, Rows(standard, catalog))
        {
            Title = $"{standard.Name}评分表",
            Subtitle = $"被评估单位:{assessment.School!.Name}  评估年度:{assessment.Year}  标准版本:{standard.Version}  评估专家(签字):",
        };

    private static IEnumerable<SheetRow> Rows(Standard standard, IndicatorCatalog catalog)
    {
        foreach (var dimension in standard.Dimensions)
        {
            foreach (var item in dimension.Items)
            {
                yield return new SheetRow(
                [
                    $"{dimension.Code} {dimension.Name}", item.Code, item.Name + (item.Veto ? "（一票否决）" : "") + (item.Gate is null ? "" : "（必备条件）"), item.Points,
                    RuleDescriber.Describe(item, catalog), string.Join("、", item.Evidence), string.Join("、", item.CheckMethods), null, null,
                ]);
            }

            yield return new SheetRow([$"{dimension.Code} 小计", null, null, dimension.Max, null, null, null, null, null], RowStyle.Bold);
        }

        yield return new SheetRow(["合计", null, null, standard.Max, null, null, null, null, null], RowStyle.Bold);
    }
}
