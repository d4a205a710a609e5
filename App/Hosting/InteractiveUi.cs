using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;
using SchoolAssessment.Components;
using SchoolAssessment.Features.Access;

namespace SchoolAssessment.Hosting;

/// <summary>
/// Interactive Blazor Server with MudBlazor (docs/architecture.md, "Request, circuit, service, database"):
/// pages migrated to it run in a circuit; the others are excluded from interactive routing and render statically.
/// </summary>
public static class InteractiveUi
{
    public static void AddInteractiveUi(this WebApplicationBuilder builder)
    {
        // The host reads the static web assets manifest (blazor.web.js, _content/MudBlazor) only in Development;
        // a published app has the files in wwwroot and no manifest, which this call then ignores.
        if (!builder.Environment.IsDevelopment()) builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // A tablet on site may lose the network for a while; its circuit waits for it, not forever.
            o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            o.DisconnectedCircuitMaxRetained = 100;
        });
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter;
            o.SnackbarConfiguration.VisibleStateDuration = 4000;
            o.SnackbarConfiguration.PreventDuplicates = false;
        });
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<SchoolAssessment.Features.Home.MyAssessments>();
        services.AddScoped<SchoolAssessment.Components.Shared.OutcomeUi>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CurrentUserCircuitHandler>());
    }

    public static void MapAppComponents(this WebApplication app) =>
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(o =>
            {
                // SecurityHeaders already sends frame-ancestors 'none'; a second, looser policy would only confuse.
                o.ContentSecurityFrameAncestorsPolicy = null;
            });
}
