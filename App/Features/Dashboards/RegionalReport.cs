using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Schools;
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
            .. dimensions.Select(d => new SheetColumn($"{d.Code} {d.Name}(得分率%)", 12, CellKind.Number, Wrap: true)),
        ];
        var rank = 0;
        var ranking = rows.Select(r =>
        {
            var scores = DimensionScore.Read(r.Dimensions);
            return new SheetRow(
            [
                ++rank, r.Name, r.Region, r.Level.Name(), r.Total, r.Max, r.GradeName, r.Passed ? "是" : "否", r.VetoFailures, r.State?.Name() ?? "未开始",
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
            new SheetSpec("学校排名", rankingColumns, ranking) { Title = title, Subtitle = Describe(picture) },
            new SheetSpec("薄弱项", [new("编号", 7), new("评估项目", 40, Wrap: true), new("维度", 20, Wrap: true), new("一票否决", 8),
                new("未达标学校数", 10, CellKind.Integer), new("参评学校数", 10, CellKind.Integer), new("未达标占比(%)", 10, CellKind.Number)],
                picture.Weakest.Select(w => new SheetRow([w.Code, w.Name, w.Dimension, w.Veto ? "是" : "", w.Missed, w.Schools, w.Share])))
            {
                Title = $"{title}:最薄弱的要求",
            },
        ];
    }

    /// <summary>The filter in words, so a printed page says what it covers.</summary>
    public static string Describe(SupervisorPicture picture)
    {
        var filter = picture.Filter;
        var parts = new List<string> { $"标准:{picture.Standard.Name}", $"年度:{picture.Year}" };
        if (filter.Level is { } level) parts.Add($"层级:{level.Name()}");
        if (filter.Region is { } region) parts.Add($"地区/校名含:{region}");
        if (filter.Grade is { } grade) parts.Add($"等级:{picture.Standard.Grades.FirstOrDefault(g => g.Code == grade)?.Name ?? grade}");
        if (filter.State is { } state) parts.Add($"评估状态:{(Enum.TryParse<AssessmentState>(state, out var s) ? s.Name() : "未开始")}");
        return string.Join(" ", parts);
    }
}
