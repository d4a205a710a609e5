using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Api;

/// <summary>
/// <c>Authorization: Bearer sat_…</c> for <c>/api/v1</c> only. Each request looks the token and its user up: a revoked or
/// expired token, a locked or deleted user stops at the next request. The principal carries the user's id and names
/// only; what they may do is read from the database by <see cref="Access.SchoolAccess"/>, as for a signed-in page.
/// Cookies are never accepted here, so no API write can be made by a browser without the user's token (no CSRF).
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public const string Policy = "api";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100) return AuthenticateResult.Fail("not a token");

        var hash = ApiTokens.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var found = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.SecretHash == hash && t.RevokedAtUtc == null && t.ExpiresAtUtc > now)
            .Select(t => new { TokenId = t.Id, t.LastUsedAtUtc, UserId = t.User!.Id, t.User.UserName, t.User.DisplayName, t.User.LockoutEnd })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail("unknown, revoked or expired token");
        if (found.LockoutEnd is { } lockedUntil && lockedUntil > clock.GetUtcNow()) return AuthenticateResult.Fail("user locked out");

        // Last use to the hour: a token in steady use is written once an hour, not once a request.
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        if (found.LastUsedAtUtc != hour)
            await db.PersonalAccessTokens.Where(t => t.Id == found.TokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, hour), Context.RequestAborted);

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, found.UserId),
            new Claim(ClaimTypes.Name, found.UserName ?? ""),
            new Claim(AppClaims.DisplayName, found.DisplayName.Length > 0 ? found.DisplayName : found.UserName ?? ""),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // Problem details, not the app's HTML status pages: an API client reads JSON.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "未认证", "请在 Authorization 头中提供有效的个人访问令牌（Bearer sat_…）；令牌可能已过期或被撤销。");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "无权访问", "您的账号无权进行此操作。");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        if (Context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(Context);
    }
}
