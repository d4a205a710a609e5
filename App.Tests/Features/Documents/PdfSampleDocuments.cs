using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using SchoolAssessment.Features.Documents.Pdf;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>
/// Documents shaped like the real ones, written in C# (this project has no Razor compiler). Text goes in
/// through the renderer's encoding, as a .razor document's would.
/// </summary>
internal static class Sample
{
    public const string OfficialTitle = "关于测试县委党校办学评估问题的整改方案";
    // A rare character (磴) whose 400-weight glyph no body text needs: only the running header asks for it.
    public const string ReportTitle = "磴口县委党校办学水平评估报告";
    public const string Paragraph = "按照县委关于党校工作的部署要求，对照评估标准逐项查找差距，明确整改责任、整改措施和整改时限，确保各项问题按期整改到位。";

    /// <summary>Parameters of <see cref="PrintedDocument"/> around a body.</summary>
    public static Dictionary<string, object?> Document(string title, DocumentKind kind, RenderFragment body, bool charts = false) => new()
    {
        [nameof(PrintedDocument.Title)] = title,
        [nameof(PrintedDocument.Kind)] = kind,
        [nameof(PrintedDocument.Charts)] = charts,
        [nameof(PrintedDocument.ChildContent)] = body,
    };

    /// <summary>Raw markup as the body, for documents that must contain exactly what a test wrote.</summary>
    public static RenderFragment Raw(string html) => b => b.AddMarkupContent(0, html);

    public static void Element(RenderTreeBuilder b, string tag, string? cssClass, string text)
    {
        b.OpenElement(0, tag);
        if (cssClass is not null) b.AddAttribute(1, "class", cssClass);
        b.AddContent(2, text);
        b.CloseElement();
    }

    public static void Table(RenderTreeBuilder b, string[] headings, IEnumerable<(string[] Cells, bool Highlight)> rows)
    {
        b.OpenElement(0, "table");
        b.AddAttribute(1, "class", "doc-table");
        b.OpenElement(2, "thead");
        b.OpenElement(3, "tr");
        foreach (var heading in headings) Element(b, "th", null, heading);
        b.CloseElement();
        b.CloseElement();
        b.OpenElement(4, "tbody");
        foreach (var (cells, highlight) in rows)
        {
            b.OpenElement(5, "tr");
            if (highlight) b.AddAttribute(6, "class", "highlight");
            for (var i = 0; i < cells.Length; i++) Element(b, "td", i == cells.Length - 1 ? "num" : null, cells[i]);
            b.CloseElement();
        }

        b.CloseElement();
        b.CloseElement();
    }

    /// <summary>The ECharts option of a bar chart of dimension scores, as the server would write it.</summary>
    public static string BarChart(string[] categories, string series, decimal[] values) => JsonSerializer.Serialize(new
    {
        grid = new { left = 40, right = 16, top = 30, bottom = 40 },
        legend = new { top = 0, data = new[] { series } },
        xAxis = new { type = "category", data = categories },
        yAxis = new { type = "value", max = 100 },
        series = new[] { new { name = series, type = "bar", data = values, label = new { show = true, position = "top" } } },
    });

    public static string Number(int i) => i.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A rectification plan: several pages of text in sections, a signature, and a landscape ledger annex.</summary>
internal sealed class SampleOfficialDocument : ComponentBase
{
    [Parameter] public int Sections { get; set; } = 3;

    [Parameter] public int AnnexRows { get; set; } = 30;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<PrintedDocument>(0);
        builder.AddComponentParameter(1, nameof(PrintedDocument.Title), Sample.OfficialTitle);
        builder.AddComponentParameter(2, nameof(PrintedDocument.Kind), DocumentKind.Official);
        builder.AddComponentParameter(3, nameof(PrintedDocument.ChildContent), (RenderFragment)Body);
        builder.CloseComponent();
    }

    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    private void Body(RenderTreeBuilder b)
    {
        Sample.Element(b, "h1", "doc-title", Sample.OfficialTitle);
        Sample.Element(b, "p", "doc-meta", "测试县委党校　2026年11月22日");
        for (var s = 0; s < Sections; s++)
        {
            Sample.Element(b, "h2", "doc-section", $"{Numerals[s]}、整改任务之{Numerals[s]}");
            for (var sub = 0; sub < 2; sub++)
            {
                Sample.Element(b, "h3", "doc-subsection", $"（{Numerals[sub]}）加强师资队伍建设");
                for (var p = 0; p < 2; p++) Sample.Element(b, "p", null, Sample.Paragraph + Sample.Paragraph);
            }
        }

        b.OpenElement(10, "div");
        b.AddAttribute(11, "class", "signature");
        Sample.Element(b, "p", null, "中共测试县委党校");
        Sample.Element(b, "p", null, "2026年11月22日");
        b.CloseElement();

        b.OpenElement(20, "section");
        b.AddAttribute(21, "class", "annex");
        Sample.Element(b, "p", "annex-label", "附件");
        Sample.Element(b, "h2", null, "整改任务台账");
        Sample.Table(b, ["序号", "问题", "整改措施", "责任部门", "完成时限", "得分"],
            Enumerable.Range(1, AnnexRows).Select(i => (new[]
            {
                Sample.Number(i), $"第{i}项：专职教师人数未达标准要求", "通过公开招聘、选调等方式补充专职教师", "组织人事科", "2027年6月30日",
                (60 + i % 40).ToString(CultureInfo.InvariantCulture) + ".5",
            }, i % 7 == 0)));
        b.CloseElement();
    }
}
