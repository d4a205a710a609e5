using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SchoolAssessment.Features.Accounts;

/// <summary>Puts the display name and "must change password" on the sign-in cookie.</summary>
public sealed class AppUserClaimsFactory(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName.Length > 0 ? user.DisplayName : user.UserName ?? ""));
        if (user.MustChangePassword) identity.AddClaim(new Claim(AppClaims.MustChangePassword, "true"));
        return identity;
    }
}
