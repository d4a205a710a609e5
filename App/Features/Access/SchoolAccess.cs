using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Access;

/// <summary>
/// The one authorization component: features ask it whether the signed-in user may act on a school.
/// A refusal is logged and recorded with who, what and where.
/// </summary>
public sealed class SchoolAccess(
    IDbContextFactory<AppDbContext> dbFactory, CurrentUser current, TimeProvider clock, ILogger<SchoolAccess> logger)
{
    /// <summary>
    /// The user's scope, read fresh from the database on every call: a role or binding changed by an
    /// administrator, or a school moved in the tree, takes effect at once, whatever the cookie says.
    /// </summary>
    public async Task<UserScope> ScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
            return UserScope.Anonymous;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.UserName,
                u.SchoolId,
                SchoolPath = u.School != null ? u.School.Path : null,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? UserScope.Anonymous : new UserScope(row.UserName, row.Role, row.SchoolId, row.SchoolPath);
    }

    public async Task<bool> CheckAsync(ClaimsPrincipal user, SchoolAction action, School school, CancellationToken cancellationToken = default) =>
        await CheckAsync(await ScopeAsync(user, cancellationToken), action, school, cancellationToken);

    public async Task<bool> CheckAsync(UserScope scope, SchoolAction action, School school, CancellationToken cancellationToken = default)
    {
        if (AccessRules.Allows(scope, action, school)) return true;
        await RecordRefusalAsync(scope, action.ToString(), $"school {school.Id} {school.Name}", cancellationToken);
        return false;
    }

    /// <summary>Logs and stores a refused attempt; used for every kind of refusal, not only schools.</summary>
    public async Task RecordRefusalAsync(UserScope scope, string action, string target, CancellationToken cancellationToken = default)
    {
        var requestPath = current.Location;
        var userName = scope.UserName ?? "(anonymous)";
        logger.LogWarning("Access refused: {User} ({Role}) tried {Action} on {Target} at {Path}", userName, scope.Role, action, target, requestPath);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.SecurityEvents.Add(new SecurityEvent
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserName = userName,
            Action = action,
            Target = target,
            RequestPath = requestPath,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
