using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using SchoolAssessment.Components.Shared;
using SchoolAssessment.Features.Access;

namespace SchoolAssessment.Tests.Support;

/// <summary>
/// A bunit context for the interactive pages: MudBlazor's services registered once here, the page running as in a
/// circuit (interactive), and every app service from a real app (its SQLite database) through one service scope,
/// with the circuit's user set as the circuit handler sets it. Dispose it asynchronously (MudBlazor's services are
/// only IAsyncDisposable): test classes call <see cref="DisposeAsync"/> from xunit's IAsyncLifetime.
/// </summary>
public sealed class InteractivePageContext : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    private InteractivePageContext(AppFactory app)
    {
        _scope = app.Services.CreateAsyncScope();
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        Bunit.Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Bunit.Services.AddScoped<OutcomeUi>();
        Bunit.Services.AddSingleton(Current);
        Bunit.Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        Bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public BunitContext Bunit { get; } = new();

    /// <summary>The circuit's current user, shared with the app's services of this scope (SchoolAccess records refusals with it).</summary>
    public CurrentUser Current => _scope.ServiceProvider.GetRequiredService<CurrentUser>();

    public ISnackbar Snackbar => Bunit.Services.GetRequiredService<ISnackbar>();

    /// <summary>The messages the page has shown as snackbars, in order.</summary>
    public IReadOnlyList<string> Snackbars => Snackbar.ShownSnackbars.Select(s => s.Message ?? "").ToList();

    /// <summary>A context whose circuit is signed in as the given account, as its sign-in cookie would say.</summary>
    public static async Task<InteractivePageContext> SignedInAsync(AppFactory app, string userName)
    {
        var context = new InteractivePageContext(app);
        await context.SignInAsync(userName);
        return context;
    }

    /// <summary>The circuit's user becomes another account (as the revalidating provider would report a change).</summary>
    public async Task SignInAsync(string userName)
    {
        var principal = await Acting.PrincipalAsync(_scope.ServiceProvider, userName);
        Current.EnterCircuit(principal,
            () => new Uri(Bunit.Services.GetRequiredService<NavigationManager>().Uri).AbsolutePath);
        Current.MakeAmbient();
    }

    /// <summary>Renders MudBlazor's popover host, where selects and autocompletes put their lists.</summary>
    public IRenderedComponent<MudPopoverProvider> Popovers() => Bunit.Render<MudPopoverProvider>();

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
