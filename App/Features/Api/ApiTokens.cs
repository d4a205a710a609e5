using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Api;

/// <summary>A token as its owner sees it in the list: never its secret.</summary>
public sealed record TokenRow(long Id, string Name, string Hint, DateTime CreatedAtUtc, DateTime ExpiresAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc)
{
    public bool IsActive(DateTime nowUtc) => RevokedAtUtc is null && ExpiresAtUtc > nowUtc;
}

/// <summary>A token just created, with its secret: shown once, then only its hash is left.</summary>
public sealed record CreatedToken(TokenRow Token, string Secret);

/// <summary>
/// Personal access tokens: a signed-in user creates, lists and revokes their own (and only their own). The token is as
/// strong as the user: it carries no rights of its own (<see cref="ApiTokenAuthentication"/> looks the user up per request).
/// </summary>
public sealed class ApiTokens(IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, TimeProvider clock)
{
    public const string SecretPrefix = "sat_";

    public const int MaxDays = 366;

    public const int MaxActivePerUser = 20;

    /// <summary>The stored form of a secret. SHA-256 suffices: the secret is 256 random bits, not a password someone chose.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public async Task<IReadOnlyList<TokenRow>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (UserId(user) is not { } userId) return [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.Id)
            .Select(t => new TokenRow(t.Id, t.Name, t.Hint, t.CreatedAtUtc, t.ExpiresAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Creates a token for the signed-in user, valid for <paramref name="days"/> days.</summary>
    public async Task<CommandOutcome<CreatedToken>> CreateAsync(ClaimsPrincipal user, string? name, int days, CancellationToken cancellationToken = default)
    {
        if (UserId(user) is not { } userId) return CommandOutcome<CreatedToken>.Denied;
        name = name?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (name.Length == 0) errors.Add(new("name", "令牌名称：请填写用途，如“数据同步脚本”"));
        else if (name.Length > 100) errors.Add(new("name", "令牌名称：不能超过100字"));
        if (days is < 1 or > MaxDays) errors.Add(new("days", $"有效期：应为 1 到 {MaxDays} 天"));
        if (errors.Count > 0) return CommandOutcome<CreatedToken>.Invalid([.. errors]);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.PersonalAccessTokens.CountAsync(t => t.UserId == userId && t.RevokedAtUtc == null && t.ExpiresAtUtc > now, cancellationToken) >= MaxActivePerUser)
            return CommandOutcome<CreatedToken>.Invalid(new FieldError("name", $"有效令牌已达 {MaxActivePerUser} 个，请先撤销不用的令牌"));

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new PersonalAccessToken
        {
            UserId = userId, Name = name, SecretHash = Hash(secret), Hint = secret[..(SecretPrefix.Length + 4)],
            CreatedAtUtc = now, ExpiresAtUtc = now.AddDays(days),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return CommandOutcome<CreatedToken>.Ok(new CreatedToken(Row(token), secret));
    }

    /// <summary>Revokes one of the user's own tokens at once; someone else's token is refused (and recorded by the caller's page).</summary>
    public async Task<CommandOutcome<TokenRow>> RevokeAsync(ClaimsPrincipal user, long tokenId, CancellationToken cancellationToken = default)
    {
        if (UserId(user) is not { } userId) return CommandOutcome<TokenRow>.Denied;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (token is null || token.UserId != userId)
        {
            await access.RecordRefusalAsync(await access.ScopeAsync(user, cancellationToken), "revoke token", $"token {tokenId}", cancellationToken);
            return CommandOutcome<TokenRow>.Denied;
        }

        token.RevokedAtUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return CommandOutcome<TokenRow>.Ok(Row(token));
    }

    /// <summary>For operators and the load script (<c>tokens create</c>): a token for a named account, created on the server itself.</summary>
    internal async Task<CommandOutcome<CreatedToken>> CreateForAsync(string userName, string name, int days, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null) return CommandOutcome<CreatedToken>.Invalid(new FieldError("user", $"没有账号 {userName}"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], "cli"));
        return await CreateAsync(principal, name, days, cancellationToken);
    }

    private static TokenRow Row(PersonalAccessToken t) => new(t.Id, t.Name, t.Hint, t.CreatedAtUtc, t.ExpiresAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc);

    private static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
