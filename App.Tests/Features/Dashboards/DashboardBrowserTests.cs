using Microsoft.Playwright;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Tests.Features.Documents;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Dashboards;

/// <summary>
/// The demo supervisor in a real browser on the demo data: its subtree at a glance, a filter swapped in by htmx,
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
        await page.GetByRole(AriaRole.Link, new() { Name = "首页" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("辖区概况 · 恩施州委党校");

        // The township standard: the 15 township schools of 利川, ranked, with charts drawn.
        await page.GetByLabel("标准").SelectOptionAsync("township-six-haves");
        await Expect(page.Locator("[data-role=ranking] tr[data-school]")).ToHaveCountAsync(15);
        await Expect(page.Locator("[data-kpi=schools]")).ToHaveTextAsync("15");
        await Expect(page.Locator("[data-role=heatmap][data-chart-drawn='1']")).ToBeVisibleAsync();
        Assert.Contains("standard=township-six-haves", page.Url); // the filter is in the address, to share or reload
        await BrowserFixture.ScreenshotAsync(page, "supervisor-dashboard");

        // A filter narrows the ranking on the server.
        await page.GetByLabel("地区 / 校名").FillAsync("镇");
        await page.GetByLabel("地区 / 校名").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("region="));
        var towns = page.Locator("[data-role=ranking] tr[data-school]");
        await Expect(towns).ToHaveCountAsync(8); // 文斗镇, 建南镇, 忠路镇, 毛坝镇, 汪营镇, 团堡镇, 柏杨坝镇, 谋道镇
        await Expect(towns.First).ToContainTextAsync("镇");

        // Drill down: a school's own picture.
        var first = await towns.First.Locator("td:nth-child(2) a").TextContentAsync();
        await towns.First.Locator("td:nth-child(2) a").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("办学概况");
        await Expect(page.Locator(".text-secondary.small a").First).ToHaveTextAsync(first!);
        await Expect(page.Locator("[data-standard=township-six-haves] [data-role=total]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-standard=township-six-haves] [data-chart-drawn='1']").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "school-dashboard");

        // The regional report of the filter, as a workbook.
        await page.GoBackAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-role=export-xlsx]").ClickAsync());
        var sheets = XlsxReader.Read(File.OpenRead((await download.PathAsync())!));
        var ranking = sheets.Single(s => s.Name == "学校排名");
        Assert.Equal(await towns.CountAsync(), ranking.Rows.Count(r => r.Any(c => c.Column == 1 && c.Value is decimal)));
        // The PDF takes seconds: the link says so while the server prints, and a second click asks nothing more.
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
            await Expect(page.Locator("[data-role=export-pdf] + [data-role=document-status]")).ToHaveTextAsync("正在生成，请稍候……");
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
}
