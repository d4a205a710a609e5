using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Hosting;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Interactive;

/// <summary>The circuit's user is checked again against the database: a changed security stamp or a lockout ends it.</summary>
public class CircuitUserTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private async Task<bool> StillCurrentAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        return await provider.IsCurrentAsync(principal);
    }

    [Fact]
    public async Task A_changed_security_stamp_or_a_lockout_turns_the_circuit_s_user_away()
    {
        await app.EnsureSeededAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var staff = (await users.FindByNameAsync(SchoolTreeFactory.UserName(AppRole.SchoolStaff)))!;
        var leader = (await users.FindByNameAsync(SchoolTreeFactory.UserName(AppRole.SchoolLeader)))!;
        var staffCircuit = await Acting.PrincipalAsync(scope.ServiceProvider, staff.UserName!);
        var leaderCircuit = await Acting.PrincipalAsync(scope.ServiceProvider, leader.UserName!);

        Assert.True(await StillCurrentAsync(staffCircuit));
        await users.UpdateSecurityStampAsync(staff); // a password reset or a role change does this
        Assert.False(await StillCurrentAsync(staffCircuit));

        Assert.True(await StillCurrentAsync(leaderCircuit));
        await users.SetLockoutEndDateAsync(leader, DateTimeOffset.UtcNow.AddHours(1));
        Assert.False(await StillCurrentAsync(leaderCircuit));
        await users.SetLockoutEndDateAsync(leader, null);
    }
}
