using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Hosting;

internal static class AccountServices
{
    /// <summary>ASP.NET Core Identity with its EF Core stores, a cookie sign-in, and our password and lockout policy.</summary>
    public static void AddAccounts(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddClaimsPrincipalFactory<AppUserClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = AccountEndpoints.LoginPath;
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "school-assessment";
            o.Cookie.HttpOnly = true;
            // Secure whenever the site is served over https (any deployment); plain http only on a developer's machine.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events = new CookieAuthenticationEvents
            {
                // A page refused by role ([Authorize(Roles = …)]) is recorded like every other refusal.
                OnRedirectToAccessDenied = async context =>
                {
                    var access = context.HttpContext.RequestServices.GetRequiredService<SchoolAccess>();
                    var scope = await access.ScopeAsync(context.HttpContext.User);
                    await access.RecordRefusalAsync(scope, "open page", context.Request.Path);
                    context.Response.Redirect(context.RedirectUri);
                },
            };
        });
    }
}
