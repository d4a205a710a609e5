using Microsoft.Playwright;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>The yearly form shows one section (tab) at a time: the journeys open the one that holds a field.</summary>
internal static class YearlySections
{
    /// <summary>
    /// Clicks the field's section until its input is on the page. A click that lands while the form redraws (a save
    /// answering, the circuit starting) can be lost; it is clicked again rather than waited on for the hang guard.
    /// </summary>
    public static async Task OpenAsync(IPage page, string field)
    {
        var tab = page.Locator(".mud-tab").Filter(new() { HasText = SeedLibrary.Value.Indicators[field].Category }).First;
        var input = page.Locator($"#in-{field}");
        for (var attempt = 1; ; attempt++)
        {
            await tab.ClickAsync();
            try
            {
                await input.WaitForAsync(new() { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 6)
            {
                // clicked again below
            }
        }
    }
}
