using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace SchoolAssessment.Tests.Support;

/// <summary>The app on a real port and one headless Chromium, shared by the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    /// <summary>The app behind the browser, with the demo data of the embedded default.</summary>
    public AppFactory App => _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>How long a condition may take before the test calls it a hang (not a deadline for a slow machine).</summary>
    public const float HangGuardMilliseconds = 5 * 60_000;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath)) return;

        _app.UseKestrel(0);
        _app.StartServer();
        // Chromium accepts Secure cookies on http://localhost (a secure context), as on a developer's machine.
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        Assertions.SetDefaultExpectTimeout(HangGuardMilliseconds);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            // The machine's network is closed: keep Chromium from calling home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh page that fails the test on any console error (a CSP violation, a script error).</summary>
    /// <summary>
    /// A fresh page at <paramref name="path"/>; an interactive page is returned once its circuit has taken over, so a
    /// test's first click is never one the circuit was still starting under. The sign-in pages are static: no circuit.
    /// </summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(string path, int width = 1280, int height = 900, bool interactive = true)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        // Tests wait for conditions; Playwright's 30 s default would fail a loaded machine, so only a hang guard remains.
        page.SetDefaultTimeout(HangGuardMilliseconds);
        page.SetDefaultNavigationTimeout(HangGuardMilliseconds);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };
        await page.GotoAsync(BaseUrl + path);
        if (interactive) await WaitForCircuitAsync(page);
        return (page, errors);
    }

    /// <summary>A fresh page signed in through the login form as a demo account, landed on the school list.</summary>
    public async Task<(IPage Page, List<string> Errors)> SignInAsync(string userName, int height = 1000)
    {
        // The journeys start from the list of schools; without a return address sign-in goes home (SignInTests).
        var (page, errors) = await OpenAsync("/account/login?ReturnUrl=%2Fschools", height: height, interactive: false);
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(SchoolAssessment.Features.Demo.DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/schools");
        await WaitForCircuitAsync(page);
        return (page, errors);
    }

    /// <summary>
    /// Waits until the page's circuit has taken over the prerendered markup (the layout then draws a marker). A link
    /// clicked while the circuit was still starting can lead nowhere: two CI runs waited their whole hang guard so, once
    /// on the rounds list and once on the home page (the standards journey, before it waited here).
    /// </summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-role=circuit-up]")).ToBeAttachedAsync();

    /// <summary>Saves a screenshot when SCREENSHOTS names a folder (used to refresh the README's pictures).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.WaitForTimeoutAsync(1200); // charts finish their entrance animation
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
        }
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }

        await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
