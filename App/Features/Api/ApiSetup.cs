using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace SchoolAssessment.Features.Api;

/// <summary>The API's services (token scheme, policy, OpenAPI document) and its routes (the API, the document, the reference page).</summary>
public static class ApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The Scalar reference page; its own content security policy (<see cref="DocsContentSecurityPolicy"/>) applies under it.</summary>
    public const string DocsPath = "/api/docs";

    /// <summary>
    /// Scalar runs its bundle (served by the app, never from a CDN) with inline configuration and inline styles, and
    /// calls the API from the page: allowed under <see cref="DocsPath"/> only; the rest of the app keeps its strict policy.
    /// </summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static void AddApi(this IServiceCollection services)
    {
        services.AddScoped<ApiTokens>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        // Bearer tokens only: a browser's cookie never authorizes an API call, so API writes need no antiforgery token.
        services.AddAuthorizationBuilder().AddPolicy(ApiTokenAuthentication.Policy, p => p
            .AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser());
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "党校办学评估 API",
                    Version = "v1",
                    Description = "以个人访问令牌（在“API 令牌”页面创建）调用：Authorization: Bearer sat_…。令牌的权限即其账号当下的权限。",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiTokenAuthentication.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "个人访问令牌（sat_…）",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenAuthentication.SchemeName, document)] = [] });
                return Task.CompletedTask;
            });
        });
    }

    public static void MapApiWithDocs(this WebApplication app)
    {
        app.MapApi();
        // The document and its reference page are public: they describe the API, and every call it makes still needs a token.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(DocsPath, o => o
            .WithTitle("党校办学评估 API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            // Nothing on the page calls Scalar's services (their agent, MCP, telemetry): a school's network may be closed,
            // and the developer toolbar is for Scalar's own developers, not ours.
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes(ApiTokenAuthentication.SchemeName)).AllowAnonymous();
    }
}
