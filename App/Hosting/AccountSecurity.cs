using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolAssessment.Features.Accounts;

namespace SchoolAssessment.Hosting;

/// <summary>
/// Sessions that end when they should (the security stamp checked on every request), sign-in throttled by the
/// framework's rate limiters, and the real client and scheme taken from configured reverse proxies only.
/// </summary>
internal static class AccountSecurity
{
    public const string SignInPolicy = "sign-in";

    public static void AddAccountSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Sign-out, a password changed elsewhere, a role change or a reset changes the stamp; the old cookie is then refused
        // on its next request (Accounts:SessionCheckSeconds, 0 = every request).
        services.Configure<SecurityStampValidatorOptions>(o =>
            o.ValidationInterval = TimeSpan.FromSeconds(configuration.GetValue("Accounts:SessionCheckSeconds", 0)));
        // The cookie's events are set in AccountServices; the stamp check is put back on them here, after every configuration.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
            o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync);

        // Added after Identity's own validator: both run.
        services.AddScoped<IPasswordValidator<ApplicationUser>, PasswordPolicy>();
        services.AddSingleton<SignInThrottle>();
        services.TryAddSingleton<OperatorConsole>();
        services.AddScoped<AccountSignIn>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(context.HttpContext.Response.WriteAsync("登录请求过于频繁，请稍后再试。", cancellationToken));
            };
            // Sign-in posts per client address; showing the page is not limited.
            o.AddPolicy(SignInPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("SignIn:PostsPerAddressPerMinute", 30), Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("page"));
        });

        // Behind a TLS proxy: X-Forwarded-For and -Proto are believed from loopback and from the proxies and networks
        // configured (ForwardedHeaders:KnownProxies, ForwardedHeaders:KnownNetworks), so the cookie is Secure and HSTS is sent.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
    }
}
