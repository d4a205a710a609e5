using Microsoft.AspNetCore.Identity;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.Accounts;

public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string ChangePasswordPath = "/account/password";

    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext context, SignInManager<ApplicationUser> signIn) =>
        {
            // A new stamp revokes this cookie everywhere, even a copy kept by someone else.
            if (await signIn.UserManager.GetUserAsync(context.User) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).RequireAuthorization().RequireAntiforgeryToken();
    }

    /// <summary>A user on a one-time password changes it before doing anything else.</summary>
    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var allowed = path.StartsWithSegments(ChangePasswordPath) || path.StartsWithSegments("/account/logout")
                || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/favicon.svg")
                || path.StartsWithSegments("/healthz")
                // The interactive pages' scripts and circuit: without them the change-password page itself could not start.
                || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor");
            if (!allowed && context.User.HasClaim(AppClaims.MustChangePassword, "true"))
            {
                if (HttpMethods.IsGet(context.Request.Method)) context.Response.Redirect(ChangePasswordPath);
                else context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            await next();
        });
}
