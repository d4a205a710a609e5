using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SchoolAssessment.Features.Accounts;

namespace SchoolAssessment.Hosting;

/// <summary>
/// The circuit's authentication state, checked again every minute against the database (the framework
/// template's pattern): a changed security stamp (password reset, role changed, signed out elsewhere), a
/// locked or deleted account turns the circuit's user anonymous, and its pages lose what they showed.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsCurrentAsync(authenticationState.User);

    /// <summary>Whether the circuit's user is still the account as signed in (false: the circuit turns anonymous).</summary>
    internal async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        // One scope per check: the circuit's own scope must not hold a DbContext between checks.
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await IsCurrentAsync(users, principal);
    }

    private async Task<bool> IsCurrentAsync(UserManager<ApplicationUser> users, ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return true;
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
