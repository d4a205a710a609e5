namespace SchoolAssessment.Hosting;

internal static class SecurityHeaders
{
    // Scripts only from our own origin; inline styles are allowed for width bars set by the server.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            // The API's reference page (Scalar) needs inline script and styles; only there.
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Features.Api.ApiSetup.DocsPath)
                ? Features.Api.ApiSetup.DocsContentSecurityPolicy : ContentSecurityPolicy;
            await next();
        });
}
