using AngleSharp.Html.Parser;
using Bunit;
using MudBlazor.Services;
using SchoolAssessment.Features.Standards.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standards;

/// <summary>The standard's tree as MudBlazor renders it (bunit, MudBlazor's services as in the app), read as a reader would.</summary>
public class StandardTreeMarkupTests
{
    private static async Task<AngleSharp.Dom.IDocument> Render(string id)
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var tree = context.Render<StandardTree>(p => p
            .Add(t => t.Standard, SeedLibrary.Get(id))
            .Add(t => t.Indicators, SeedLibrary.Value.Indicators));
        return new HtmlParser().ParseDocument(tree.Markup);
    }

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

        Assert.Equal("专职教师人数≥10人得满分，≤5人不得分，之间按比例", item.QuerySelector(".rule")!.Text());
        Assert.Contains("佐证材料：", item.Text());
        Assert.Equal("依据：《市委党校改革建设工作方案》", item.QuerySelector("[data-role='source']")!.Text());
        Assert.Equal("必备条件：专职教师人数≥5人，未达到的评为不合格等次", item.QuerySelector("[data-role='gate']")!.Text());
        Assert.Equal("检查方式：查阅资料、座谈了解", item.QuerySelector("[data-role='checks']")!.Text());
    }

    [Theory]
    [InlineData("optimized-development")]
    [InlineData("provincial-evaluation")]
    [InlineData("township-six-haves")]
    public async Task A_source_shows_as_a_title_never_a_file_name(string id)
    {
        var page = await Render(id);

        var sources = page.QuerySelectorAll("[data-role='source']").Select(e => e.Text()).ToList();
        Assert.Equal(SeedLibrary.Get(id).Items.Count(), sources.Count);
        Assert.All(sources, s => Assert.DoesNotContain(".txt", s));
        Assert.All(sources, s => Assert.DoesNotContain("DOMAIN", s));
        Assert.All(sources, s => Assert.DoesNotContain("proposed", s));
    }

    [Fact]
    public async Task Shows_each_have_of_the_township_standard_as_a_gate()
    {
        var page = await Render("township-six-haves");

        Assert.Equal(6, page.QuerySelectorAll("[data-dimension] > div:first-child [data-role='gate']").Length);
        Assert.Contains("6 项必备条件", page.QuerySelector("[data-role='gates']")!.Text());
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

        Assert.Contains("加分项最高 5", page.QuerySelector("[data-role='summary']")!.Text());
        Assert.Equal(["excellent", "good", "qualified", "unqualified"], page.QuerySelectorAll("[data-grade]").Select(e => e.GetAttribute("data-grade")));
    }
}
