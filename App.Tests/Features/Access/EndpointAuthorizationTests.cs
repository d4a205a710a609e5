using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>Every endpoint of the app makes an explicit authorization decision: it requires a signed-in user, or it is named here as public.</summary>
public class EndpointAuthorizationTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>
    /// What anyone may open: sign-in, the standards, the quick check (which stores nothing), health and error pages, and
    /// the Blazor circuit's hub (public pages are interactive too; every component and service checks its own user), and the
    /// API's description and reference page with its bundled scripts (they describe the API; each of its calls needs a token).
    /// </summary>
    private static readonly HashSet<string> Public =
    [
        "/", "/account/login", "/account/access-denied", "/error", "/not-found", "/healthz",
        // A load balancer asks for readiness without signing in; the details it could tell stay for administrators and this machine.
        "/healthz/ready",
        "/standards", "/standards/{Id}", "/quick-check", "/_framework/opaque-redirect", "/api/standards/{id}/score",
        "/_blazor", "/_blazor/negotiate", "/_blazor/disconnect/", "/_blazor/initializers/",
        // Run from a build, static files added after it are served from wwwroot by this fallback (files, never a page).
        "/{**path}",
        "/openapi/{documentName}.json", "/api/docs/{documentName?}", "/api/docs/favicon.svg", "/api/docs/scalar.aspnetcore.js", "/api/docs/scalar.js",
    ];

    [Fact]
    public void Every_endpoint_requires_authorization_or_is_on_the_public_list()
    {
        _ = app.Server;
        // Static files (MapStaticAssets: wwwroot, the packages' scripts and styles) are the same for everyone and hold nothing
        // of a school; every other endpoint is decided here.
        var sources = app.Services.GetServices<EndpointDataSource>().SelectMany(Flatten).ToList();
        Assert.Contains(sources, IsStaticAssets);
        var endpoints = sources.Where(s => !IsStaticAssets(s)).SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");

        var undecided = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null || e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => !Public.Contains(Normalize(p)))
            .Distinct()
            .Order()
            .ToList();

        Assert.True(undecided.Count == 0, "endpoints without an authorization decision: " + string.Join(", ", undecided));
    }

    [Fact]
    public void The_public_list_names_only_endpoints_that_exist()
    {
        _ = app.Server;
        var patterns = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => Normalize(e.RoutePattern.RawText ?? "")).ToHashSet();

        Assert.All(Public, p => Assert.Contains(p, patterns));
    }

    private static IEnumerable<EndpointDataSource> Flatten(EndpointDataSource source) =>
        source is CompositeEndpointDataSource composite ? composite.DataSources.SelectMany(Flatten) : [source];

    private static bool IsStaticAssets(EndpointDataSource source) =>
        source.GetType().Name.StartsWith("StaticAssets", StringComparison.Ordinal);

    private static string Normalize(string pattern)
    {
        var path = "/" + pattern.TrimStart('/');
        // Route constraints ({id:int}) do not change what is public.
        return System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+):[^}]+\}", "{$1}");
    }
}
