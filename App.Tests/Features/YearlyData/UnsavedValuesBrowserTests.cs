using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>
/// Nothing typed is lost (Components/Shared/UnsavedValues): against the real app in a process of its own, a value typed
/// while the server goes away is kept in the browser and saved when the page is back — here across a server restart,
/// which drops the circuit for certain (Playwright's offline mode does not close an open WebSocket).
/// </summary>
[Trait("Needs", "Browser")]
[Trait("Needs", "Process")]
public sealed class UnsavedValuesBrowserTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "unsaved-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private Process? _app;
    private IPlaywright? _playwright;

    private string BaseUrl => $"http://localhost:{_port}";

    private string Database => Path.Combine(_folder, "app.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the built app (as a script would) and waits until it answers.</summary>
    private async Task StartAppAsync()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SchoolAssessment.dll"));
        foreach (var arg in new[] { "--urls", $"http://127.0.0.1:{_port}", "--ConnectionStrings:Default", $"Data Source={Database}",
                     "--Demo:Enabled", "true", "--Admin:InitialPassword", AppFactory.AdministratorPassword, "--Evidence:Directory", Path.Combine(_folder, "evidence") })
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _app = Process.Start(start)!;
        _app.OutputDataReceived += (_, _) => { };
        _app.ErrorDataReceived += (_, _) => { };
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        using var http = new HttpClient();
        while (true)
        {
            Assert.False(_app.HasExited, "the app stopped while starting");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{_port}/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The school and year of the form the test types into (read from the page).</summary>
    private int _school, _year;

    private void KillApp()
    {
        _app?.Kill(entireProcessTree: true);
        _app?.WaitForExit();
        _app?.Dispose();
        _app = null;
    }

    private async Task<decimal?> StoredAsync(string key)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT Number FROM YearlyIndicatorValues WHERE SchoolId = $school AND Year = $year AND IndicatorKey = $key";
        command.Parameters.AddWithValue("$school", _school);
        command.Parameters.AddWithValue("$year", _year);
        command.Parameters.AddWithValue("$key", key);
        // Stored as whole ten-thousandths (Persistence/ScaledDecimalConverter).
        return await command.ExecuteScalarAsync() is { } value and not DBNull
            ? (decimal?)new SchoolAssessment.Persistence.ScaledDecimalConverter().ConvertFromProvider(value)
            : null;
    }

    [ChromiumFact]
    public async Task A_value_typed_while_the_server_is_gone_is_saved_when_it_is_back()
    {
        await StartAppAsync();
        _playwright = await Playwright.CreateAsync();
        await using var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "zh-CN" });
        await page.GotoAsync(BaseUrl + "/account/login");
        await page.GetByLabel("用户名").FillAsync("staff");
        await page.GetByLabel("密码").FillAsync(SchoolAssessment.Features.Demo.DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "利川市委党校", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "填报年度指标" }).ClickAsync();
        // The form shows one section at a time: once the circuit is up, open the section that holds the field. The app
        // is a process of its own, its circuit started after a full page load: Playwright's 5 s was once too short in a
        // whole suite's run.
        await Expect(page.Locator("#year")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        _school = int.Parse(new Uri(page.Url).Segments[2].TrimEnd('/'));
        _year = int.Parse(await page.Locator("#year").InputValueAsync());
        await YearlySections.OpenAsync(page, "fulltimeTeachers");
        await Expect(page.Locator("#in-fulltimeTeachers")).ToBeEnabledAsync(); // the circuit is up

        await page.Locator("#in-fulltimeTeachers").FillAsync("11");
        await page.Locator("#in-fulltimeTeachers").PressAsync("Tab");
        await Expect(page.Locator("#status-fulltimeTeachers [data-role=saved]")).ToHaveTextAsync("已保存");
        Assert.Equal(11m, await StoredAsync("fulltimeTeachers"));

        await YearlySections.OpenAsync(page, "traineeBeds");
        await Expect(page.Locator("#in-traineeBeds")).ToBeEnabledAsync();

        // Typed as the server goes away: the reconnect dialog then takes the focus (the page behind it is inert), the
        // field's change event fires with no circuit to go to, and only the browser still has the value.
        await page.Locator("#in-traineeBeds").FillAsync("77");
        KillApp();
        await Expect(page.Locator("#in-traineeBeds")).ToHaveAttributeAsync("data-unsaved", "pending");
        await Expect(page.Locator("[data-role=unsaved-count]")).ToHaveAttributeAsync("data-count", "1");
        Assert.Null(await StoredAsync("traineeBeds"));

        await StartAppAsync();
        // The reconnect dialog finds the circuit gone and loads the page again (or the user presses 重试 when it has given up).
        var retry = page.Locator("#components-reconnect-button");
        var giveUp = DateTime.UtcNow.AddMinutes(3); // a bound against hanging the suite, far beyond a reconnect on a loaded machine
        while (await StoredAsync("traineeBeds") is null)
        {
            Assert.True(DateTime.UtcNow < giveUp, "the value typed offline was never saved after the server came back");
            if (await retry.IsVisibleAsync()) await retry.ClickAsync();
            await page.WaitForTimeoutAsync(250); // polling the database for the condition, not a fixed wait
        }

        Assert.Equal(77m, await StoredAsync("traineeBeds"));
        await Expect(page.Locator("[data-role=unsaved-count]")).ToBeHiddenAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("Object.keys(localStorage).filter(k => k.startsWith('unsaved:')).length"));
    }

    public async Task DisposeAsync()
    {
        KillApp();
        _playwright?.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
