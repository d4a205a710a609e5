using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.Standings;

namespace SchoolAssessment.Features.Dashboards;

/// <summary>The regional compliance report as a workbook: the same figures as the dashboard, every school of the filter listed.</summary>
public static class RegionalReport
{
    public static IReadOnlyList<SheetSpec> Sheets(SupervisorPicture picture, IReadOnlyList<RankingRow> rows)
    {
        var title = $"{picture.Root.Name}辖区{picture.Year}年{picture.Standard.Name}达标情况";
        var dimensions = picture.Standard.Dimensions.Where(d => !d.Bonus).ToList();
        IReadOnlyList<SheetColumn> rankingColumns =
        [
            new("名次", 6, CellKind.Integer), new("学校", 24, Wrap: true), new("地区", 24, Wrap: true), new("层级", 8), new("总分", 8, CellKind.Number),
            new("满分", 7, CellKind.Number), new("等级", 8), new("是否合格", 8), new("一票否决项", 9, CellKind.Integer), new("评估状态", 10),
            new("评估结论（已反馈）", 14, Wrap: true),
            .. dimensions.Select(d => new SheetColumn($"{d.Code} {d.Name}(得分率%)", 12, CellKind.Number, Wrap: true)),
        ];
        var ranks = Ranks(rows);
        var index = 0;
        var ranking = rows.Select(r =>
        {
            var scores = DimensionScore.Read(r.Dimensions);
            return new SheetRow(
            [
                ranks[index++], r.Name, r.Region, r.Level.Name(), r.Total, r.Max, r.GradeName, r.Passed ? "是" : "否", r.VetoFailures, r.State?.Name() ?? "未开始",
                Issued(r, picture.Standard),
                .. dimensions.Select(d => scores.FirstOrDefault(s => s.Code == d.Code) is { } s ? (object?)Components.Shared.ChartOptions.Rate(s.Score, s.Max) : null),
            ], r.Passed ? RowStyle.Normal : RowStyle.Highlight);
        });

        return
        [
            new SheetSpec("概况", [new("指标", 30), new("数值", 16, CellKind.Number) { NumberFormat = "General" }],
            [
                new SheetRow(["学校数", picture.Schools]), new SheetRow(["平均分", picture.Average]), new SheetRow(["合格学校数", picture.Passed]),
                new SheetRow(["合格率(%)", picture.PassRate]), new SheetRow(["存在一票否决项的学校数", picture.WithVetoes]),
                .. picture.Grades.Select(g => new SheetRow([$"等级:{g.Name}", g.Count])),
                .. picture.States.Select(s => new SheetRow([$"评估状态:{s.State?.Name() ?? "未开始"}", s.Count])),
            ]) { Title = title, Subtitle = Describe(picture), Landscape = false },
            new SheetSpec("学校排名", rankingColumns, ranking) { Title = title, Subtitle = Describe(picture) + "。" + Basis },
            new SheetSpec("薄弱项", [new("编号", 7), new("评估项目", 40, Wrap: true), new("维度", 20, Wrap: true), new("一票否决", 8),
                new("未达标学校数", 10, CellKind.Integer), new("参评学校数", 10, CellKind.Integer), new("未达标占比(%)", 10, CellKind.Number)],
                picture.Weakest.Select(w => new SheetRow([w.Code, w.Name, w.Dimension, w.Veto ? "是" : "", w.Missed, w.Schools, w.Share])))
            {
                Title = $"{title}:最薄弱的要求",
            },
        ];
    }

    /// <summary>Which result the ranking shows, said on every copy of it.</summary>
    public const string Basis = "总分、等级和名次为各校年度指标数据按标准测算的结果；已反馈评估的学校另列评估组出具的评估结论";

    /// <summary>Competition ranks by total: tied schools share a rank, the next one skips (1, 1, 3), whatever order the rows are in.</summary>
    public static int[] Ranks(IReadOnlyList<RankingRow> rows)
    {
        var totals = rows.Select(r => r.Total).OrderDescending().ToArray();
        return rows.Select(r => 1 + CountAbove(totals, r.Total)).ToArray();
    }

    // totals is in descending order: the schools above are those before the first equal total.
    private static int CountAbove(decimal[] totals, decimal total)
    {
        int low = 0, high = totals.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (totals[middle] > total) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    /// <summary>The assessment's issued result, "93.81分（优秀）", or empty.</summary>
    public static string Issued(RankingRow row, Standard standard) =>
        row.IssuedTotal is { } total
            ? $"{NumberText.Of(total)}分（{standard.Grades.FirstOrDefault(g => g.Code == row.IssuedGrade)?.Name ?? row.IssuedGrade}）"
            : "";

    /// <summary>The filter in words, so a printed page says what it covers.</summary>
    public static string Describe(SupervisorPicture picture)
    {
        var filter = picture.Filter;
        var parts = new List<string> { $"标准：{picture.Standard.Name}", $"年度：{picture.Year}年" };
        if (filter.Level is { } level) parts.Add($"层级：{level.Name()}");
        if (filter.Region is { } region) parts.Add($"地区或校名含：{region}");
        if (filter.Grade is { } grade) parts.Add($"等级：{picture.Standard.Grades.FirstOrDefault(g => g.Code == grade)?.Name ?? grade}");
        if (filter.State is { } state) parts.Add($"评估状态：{(Enum.TryParse<AssessmentState>(state, out var s) ? s.Name() : "未开始")}");
        return Documents.ChineseText.Typeset(string.Join("　", parts));
    }
}
