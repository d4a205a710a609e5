using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Audit;

/// <summary>
/// How a person is shown: their 姓名 and role (“张三（评估专家）”), never their login name or id. Records keep
/// the login name (it is what the sign-in knows); readers of the records get it turned into a name here.
/// </summary>
public static class PeopleNames
{
    /// <summary>The signed-in person's 姓名 (from the sign-in), for the fields people read: 审核人, 上传人, 生成人.</summary>
    public static string Of(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(AppClaims.DisplayName)?.Value is { Length: > 0 } name ? name : user.Identity?.Name ?? "";

    /// <summary>Login names (or user ids) → “姓名（角色）”; an unknown one reads as “系统” for the system, else as is.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OfAsync(AppDbContext db, IEnumerable<string?> loginNamesOrIds,
        bool withRole = true, CancellationToken cancellationToken = default)
    {
        var keys = loginNamesOrIds.OfType<string>().Where(k => k.Length > 0).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => keys.Contains(u.UserName!) || keys.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            var name = user.DisplayName.Length > 0 ? user.DisplayName : "未署名用户";
            var role = roles.FirstOrDefault(r => r.UserId == user.Id)?.Name;
            var shown = withRole && role is not null ? $"{name}（{AppRole.Name(role)}）" : name;
            if (user.UserName is { } login) names[login] = shown;
            names[user.Id] = shown;
        }

        foreach (var key in keys.Where(k => !names.ContainsKey(k)))
            names[key] = key is "(system)" or "system" ? "系统" : key;
        return names;
    }
}
