using Microsoft.AspNetCore.Identity;

namespace SchoolAssessment.Features.Accounts;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    Throttled,
    Disabled,
}

/// <summary>
/// Password sign-in: the same message and about the same time whether the name exists or not (an unknown name
/// still costs one password hash), failures throttled per name and address instead of locking the account.
/// </summary>
public sealed class AccountSignIn(SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, SignInThrottle throttle)
{
    // A hash of a random password, verified for names that do not exist so they take as long as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser { DisplayName = "" }, Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> SignInAsync(string userName, string password, string address)
    {
        var name = users.NormalizeName(userName.Trim()) ?? "";
        if (!throttle.MayTry(name, address)) return SignInOutcome.Throttled;

        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new ApplicationUser { DisplayName = "" }, DecoyHash.Value, password);
            throttle.Failed(name, address);
            return SignInOutcome.Failed;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            throttle.Failed(name, address);
            return SignInOutcome.Failed;
        }

        // Only the right password learns that an administrator has disabled the account.
        if (await users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user)) return SignInOutcome.Disabled;
        await signIn.SignInAsync(user, isPersistent: false);
        return SignInOutcome.Succeeded;
    }
}
