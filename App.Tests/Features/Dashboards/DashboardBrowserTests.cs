using Microsoft.Playwright;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Tests.Features.Documents;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Dashboards;

/// <summary>
/// The demo supervisor in a real browser on the demo data: its subtree at a glance, a filter applied in the circuit,
/// a drill-down to a school's own picture, the regional report downloaded and read back.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DashboardBrowserTests(BrowserFixture browser)
{
    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_supervisor_filters_its_subtree_drills_down_to_a_school_and_exports_the_report()
    {
        var (page, errors) = await browser.SignInAsync("supervisor", height: 1400);
        await page.GotoAsync(browser.BaseUrl + "/dashboard");
        await Expect(page.Locator("h1")).ToContainTextAsync("辖区概况 · 恩施州委党校");

        // The circuit is open when the filter is enabled (on a loaded machine that can take more than the default 5 s).
        var region = page.Locator("input[data-filter=region]");
        await Expect(region).ToBeEnabledAsync(new() { Timeout = 20_000 });

        // The township standard covers most of the subtree: it is the default view, the 15 township schools of 利川 ranked, charts drawn.
        var ranking = page.Locator("[data-role=ranking] [data-school]");
        await Expect(ranking).ToHaveCountAsync(15, new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-kpi=schools]")).ToHaveTextAsync("15");
        await Expect(page.Locator("[data-role=heatmap] [data-chart-drawn='1']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "supervisor-dashboard");
        await TabletShotAsync(page, "supervisor-dashboard-tablet");

        // A filter narrows the ranking on the server, and goes into the address (to share or reload).
        await region.FillAsync("镇");
        await region.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("region="));
        Assert.Contains("standard=township-six-haves", page.Url);
        await Expect(ranking).ToHaveCountAsync(8); // 文斗镇, 建南镇, 忠路镇, 毛坝镇, 汪营镇, 团堡镇, 柏杨坝镇, 谋道镇
        await Expect(ranking.First).ToContainTextAsync("镇");
        var towns = ranking;

        // Drill down: a school's own picture.
        var first = await towns.First.TextContentAsync();
        await towns.First.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("办学概况");
        await Expect(page.Locator("[data-role=crumbs]")).ToContainTextAsync(first!.Trim());
        await Expect(page.Locator("[data-standard=township-six-haves] [data-role=total]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-standard=township-six-haves] [data-chart-drawn='1']").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "school-dashboard");
        await TabletShotAsync(page, "school-dashboard-tablet");

        // The regional report of the filter, as a workbook.
        await page.GoBackAsync();
        await Expect(towns).ToHaveCountAsync(8);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-role=export-xlsx]").ClickAsync());
        var sheets = XlsxReader.Read(File.OpenRead((await download.PathAsync())!));
        var sheet = sheets.Single(s => s.Name == "学校排名");
        Assert.Equal(await towns.CountAsync(), sheet.Rows.Count(r => r.Any(c => c.Column == 1 && c.Value is decimal)));
        // The PDF takes seconds: the button says so while the server prints, and a second click asks nothing more.
        // The request is held until both clicks are made, so "while it prints" holds however fast the printer is.
        var asked = 0;
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/dashboard/report.pdf*", async route =>
        {
            Interlocked.Increment(ref asked);
            await release.Task;
            await route.ContinueAsync();
        });
        var exportPdf = page.Locator("[data-role=export-pdf]");
        var pdf = await page.RunAndWaitForDownloadAsync(async () =>
        {
            await exportPdf.ClickAsync();
            await Expect(page.Locator("[data-role=export-pdf] [data-role=document-status]")).ToHaveTextAsync("正在生成，请稍候……");
            await Expect(exportPdf).ToHaveAttributeAsync("aria-busy", "true");
            await exportPdf.DispatchEventAsync("click"); // pressed again while it is being generated
            release.SetResult();
        });
        var text = await Poppler.TextAsync(await File.ReadAllBytesAsync((await pdf.PathAsync())!));
        Assert.Contains("达标情况报告", string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
        await Expect(exportPdf).Not.ToHaveAttributeAsync("aria-busy", "true");
        Assert.Equal(1, asked);

        // The evaluation rounds, one click from the dashboard.
        await page.GetByRole(AriaRole.Link, new() { Name = "评估轮次", Exact = true }).Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/rounds$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "新建评估轮次" })).ToBeVisibleAsync();

        Assert.Empty(errors);
    }

    /// <summary>The same page on a tablet (820×1180), when TABLET_SCREENSHOTS names a folder: to look at, not for the README.</summary>
    private static async Task TabletShotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("TABLET_SCREENSHOTS") is not { Length: > 0 } folder) return;
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(820, 1180);
        await page.WaitForTimeoutAsync(1200); // charts resize and finish their animation
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        await page.SetViewportSizeAsync(size.Width, size.Height);
        // Above its breakpoint the drawer reopens through the circuit and the content slides: the next click waits for it.
        await Expect(page.Locator(".mud-drawer.mud-drawer--open")).ToBeVisibleAsync();
    }
}
