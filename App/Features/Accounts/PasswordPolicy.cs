using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Accounts;

/// <summary>
/// What Identity's length and character rules cannot see: a common password (the list shipped with the app), one
/// made of the user name, the current password (a one-time password included) or one of the last few.
/// </summary>
public sealed class PasswordPolicy(IDbContextFactory<AppDbContext> dbFactory, IConfiguration configuration) : IPasswordValidator<ApplicationUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        // "Password2026!" is "password" with a year: the list's words with digits and symbols trimmed from the end count too.
        return Common.Value.Contains(lower) || Common.Value.Contains(lower.TrimEnd("0123456789!@#$%^&*.?_-".ToCharArray()));
    }

    /// <summary>The user name inside the password, forwards or backwards, whatever the capitals (names of 3 characters and more).</summary>
    public static bool ContainsUserName(string password, string? userName)
    {
        if (userName is not { Length: >= 3 }) return false;
        var lower = password.ToLowerInvariant();
        var name = userName.ToLowerInvariant();
        var letters = new string(name.Where(char.IsLetterOrDigit).ToArray());
        return lower.Contains(name) || lower.Contains(new string(name.Reverse().ToArray()))
            || (letters.Length >= 3 && new string(lower.Where(char.IsLetterOrDigit).ToArray()).Contains(letters));
    }

    public async Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return IdentityResult.Success;
        var errors = new List<IdentityError>();
        if (IsCommon(password))
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = "密码过于常见（如 Password123），容易被猜中，请换一个" });
        if (ContainsUserName(password, user.UserName))
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "密码不能包含用户名或由用户名变化而来" });

        if (user.PasswordHash is { Length: > 0 } current && Matches(manager, user, current, password))
            errors.Add(new IdentityError { Code = "PasswordUnchanged", Description = "新密码不能与当前密码（包括一次性密码）相同" });
        else if (user.Id is { Length: > 0 } && await UsedBeforeAsync(manager, user, password))
        {
            var count = HistoryLength;
            errors.Add(new IdentityError { Code = "PasswordReused", Description = $"新密码不能与最近 {count} 次用过的密码相同" });
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    private int HistoryLength => configuration.GetValue("Accounts:PasswordHistory", 5);

    private async Task<bool> UsedBeforeAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string password)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var hashes = await db.Set<PreviousPassword>().AsNoTracking().Where(p => p.UserId == user.Id).OrderByDescending(p => p.Id)
            .Take(Math.Max(HistoryLength - 1, 0)).Select(p => p.PasswordHash).ToListAsync(); // the current one is the last of them
        return hashes.Any(hash => Matches(manager, user, hash, password));
    }

    private static bool Matches(UserManager<ApplicationUser> manager, ApplicationUser user, string hash, string password) =>
        manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded in the app");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#')) set.Add(line.Trim().ToLowerInvariant());
        }

        return set;
    }
}
