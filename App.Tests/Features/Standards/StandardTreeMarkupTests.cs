using SchoolAssessment.Features.Standards.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standards;

public class StandardTreeMarkupTests
{
    private static Task<AngleSharp.Dom.IDocument> Render(string id) =>
        Markup.RenderAsync<StandardTree>(new() { ["Standard"] = SeedLibrary.Get(id), ["Indicators"] = SeedLibrary.Value.Indicators });

    [Fact]
    public async Task Shows_every_dimension_and_item_with_its_points()
    {
        var standard = SeedLibrary.Get("optimized-development");

        var page = await Render("optimized-development");

        Assert.Equal(standard.Dimensions.Select(d => d.Code), page.QuerySelectorAll("[data-dimension]").Select(e => e.GetAttribute("data-dimension")));
        Assert.Equal(standard.Items.Select(i => i.Code), page.QuerySelectorAll("[data-item]").Select(e => e.GetAttribute("data-item")));
        Assert.Contains("优化发展类县级党校创建标准", page.QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task States_the_rule_in_plain_words_with_evidence_and_source()
    {
        var page = await Render("optimized-development");
        var item = page.QuerySelector("[data-item='C1']")!;

        Assert.Equal("专职教师人数≥10人得满分,≤5人不得分,之间按比例", item.QuerySelector(".rule")!.Text());
        Assert.Contains("佐证材料:", item.Text());
        Assert.Contains("依据:001_f762b35cc51b0dff.txt", item.Text());
    }

    [Fact]
    public async Task Marks_veto_items_and_only_them()
    {
        var standard = SeedLibrary.Get("provincial-evaluation");

        var page = await Render("provincial-evaluation");

        var marked = page.QuerySelectorAll("[data-item]").Where(e => e.Text().Contains("一票否决")).Select(e => e.GetAttribute("data-item"));
        Assert.Equal(standard.Items.Where(i => i.Veto).Select(i => i.Code), marked);
    }

    [Fact]
    public async Task Shows_the_bonus_dimension_and_the_grades()
    {
        var page = await Render("provincial-evaluation");

        Assert.Contains("加分项最高 5", page.QuerySelector(".page-header")!.Text());
        Assert.Equal(["excellent", "good", "qualified", "unqualified"], page.QuerySelectorAll("[data-grade]").Select(e => e.GetAttribute("data-grade")));
    }
}
