using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Accounts;

public sealed record UserRow(string Id, string UserName, string DisplayName, string? Role, int? SchoolId, string? SchoolName, bool LockedOut, bool IsDemo);

/// <summary>What an administrator sets for an account.</summary>
public sealed record AccountDetails(string UserName, string DisplayName, string Role, int? SchoolId);

public sealed record AccountResult(IReadOnlyList<FieldError> Errors, string? UserId = null, string? OneTimePassword = null, bool Refused = false)
{
    public bool Succeeded => Errors.Count == 0 && !Refused;
}

/// <summary>Accounts, roles and school bindings, managed by an administrator only (checked here, on the server).</summary>
public sealed class UserAdmin(
    UserManager<ApplicationUser> users, IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, TimeProvider clock)
{
    public async Task<bool> IsAdministratorAsync(ClaimsPrincipal user) => (await access.ScopeAsync(user)).IsAdministrator;

    public async Task<Paged<UserRow>> ListAsync(ClaimsPrincipal caller, string? search, int page, int pageSize = 30)
    {
        if (!await IsAdministratorAsync(caller)) return new Paged<UserRow>([], 0, 1, pageSize);
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow();
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
            query = query.Where(u => u.UserName!.Contains(search) || u.DisplayName.Contains(search) || (u.School != null && u.School.Name.Contains(search)));
        var total = await query.CountAsync();
        var rows = await query.OrderBy(u => u.UserName)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize)
            .Select(u => new UserRow(u.Id, u.UserName!, u.DisplayName,
                db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                u.SchoolId, u.School != null ? u.School.Name : null, u.LockoutEnd != null && u.LockoutEnd > now, u.IsDemo))
            .ToListAsync();
        return new Paged<UserRow>(rows, total, Math.Max(page, 1), pageSize);
    }

    public async Task<(ApplicationUser User, string? Role)?> FindAsync(ClaimsPrincipal caller, string id)
    {
        if (!await IsAdministratorAsync(caller)) return null;
        var user = await users.FindByIdAsync(id);
        return user is null ? null : (user, (await users.GetRolesAsync(user)).FirstOrDefault());
    }

    public async Task<AccountResult> CreateAsync(ClaimsPrincipal caller, AccountDetails details)
    {
        if (!await RequireAdministratorAsync(caller, "create user")) return new AccountResult([], Refused: true);
        var errors = await ValidateAsync(details);
        if (string.IsNullOrWhiteSpace(details.UserName)) errors.Add(new("userName", "请填写用户名"));
        if (errors.Count > 0) return new AccountResult(errors);

        var password = OneTimePassword.Generate();
        var user = new ApplicationUser
        {
            UserName = details.UserName.Trim(), DisplayName = details.DisplayName.Trim(), MustChangePassword = true,
            SchoolId = AppRole.NeedsSchool(details.Role) ? details.SchoolId : null,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return new AccountResult(created.Errors.Select(e => new FieldError("userName", e.Description)).ToList());
        await users.AddToRoleAsync(user, details.Role);
        return new AccountResult([], user.Id, password);
    }

    public async Task<AccountResult> UpdateAsync(ClaimsPrincipal caller, string id, string concurrencyStamp, AccountDetails details)
    {
        if (!await RequireAdministratorAsync(caller, $"edit user {id}")) return new AccountResult([], Refused: true);
        var user = await users.FindByIdAsync(id);
        if (user is null) return new AccountResult([new("user", "账号不存在")]);
        var errors = await ValidateAsync(details);
        if (errors.Count > 0) return new AccountResult(errors);

        if (user.ConcurrencyStamp != concurrencyStamp)
            return new AccountResult([new("user", "该账号已被他人修改,请查看最新内容后再保存")]);
        user.DisplayName = details.DisplayName.Trim();
        user.SchoolId = AppRole.NeedsSchool(details.Role) ? details.SchoolId : null;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return new AccountResult(updated.Errors.Select(e => new FieldError("user", e.Description)).ToList());

        var roles = await users.GetRolesAsync(user);
        if (!roles.SequenceEqual([details.Role]))
        {
            await users.RemoveFromRolesAsync(user, roles);
            await users.AddToRoleAsync(user, details.Role);
        }

        // Signs the user out of other sessions so the new role shows on their next request.
        await users.UpdateSecurityStampAsync(user);
        return new AccountResult([], user.Id);
    }

    public async Task<AccountResult> ResetPasswordAsync(ClaimsPrincipal caller, string id)
    {
        if (!await RequireAdministratorAsync(caller, $"reset password of {id}")) return new AccountResult([], Refused: true);
        var user = await users.FindByIdAsync(id);
        if (user is null) return new AccountResult([new("user", "账号不存在")]);
        var password = OneTimePassword.Generate();
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!reset.Succeeded) return new AccountResult(reset.Errors.Select(e => new FieldError("user", e.Description)).ToList());
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return new AccountResult([], user.Id, password);
    }

    public async Task<AccountResult> UnlockAsync(ClaimsPrincipal caller, string id)
    {
        if (!await RequireAdministratorAsync(caller, $"unlock {id}")) return new AccountResult([], Refused: true);
        var user = await users.FindByIdAsync(id);
        if (user is null) return new AccountResult([new("user", "账号不存在")]);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return new AccountResult([], user.Id);
    }

    private async Task<bool> RequireAdministratorAsync(ClaimsPrincipal caller, string action)
    {
        var scope = await access.ScopeAsync(caller);
        if (scope.IsAdministrator) return true;
        await access.RecordRefusalAsync(scope, action, "accounts");
        return false;
    }

    private async Task<List<FieldError>> ValidateAsync(AccountDetails details)
    {
        var errors = new List<FieldError>();
        if (!AppRole.All.Contains(details.Role)) errors.Add(new("role", "请选择角色"));
        if (string.IsNullOrWhiteSpace(details.DisplayName)) errors.Add(new("displayName", "请填写姓名"));
        else if (details.DisplayName.Trim().Length > 100) errors.Add(new("displayName", "姓名不能超过100字"));
        if (AppRole.NeedsSchool(details.Role))
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (details.SchoolId is not { } schoolId) errors.Add(new("schoolId", $"{AppRole.Name(details.Role)}须绑定一所党校"));
            else if (!await db.Schools.AnyAsync(s => s.Id == schoolId)) errors.Add(new("schoolId", $"编号为 {schoolId} 的党校不存在"));
        }

        return errors;
    }
}
