using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Accounts;

namespace SchoolAssessment.Tests.Support;

/// <summary>
/// Calls an app service as an interactive page's event handler does: in a scope of its own, as a signed-in
/// account (the circuit's user, from its claims as signed in), on a page (recorded with a refusal).
/// </summary>
public static class Acting
{
    public static async Task<T> AsAsync<TService, T>(this AppFactory app, string userName, string page, Func<TService, ClaimsPrincipal, Task<T>> act)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        var principal = await PrincipalAsync(scope.ServiceProvider, userName);
        var current = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        current.EnterCircuit(principal, () => page);
        current.MakeAmbient(); // as the circuit handler does for each inbound activity (the audit trail reads it)
        return await act(scope.ServiceProvider.GetRequiredService<TService>(), principal);
    }

    /// <summary>The principal a sign-in would put on the cookie for the account.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string userName)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no account {userName}");
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
    }
}
