using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Persistence;
using SchoolAssessment.Features.Documents;
using SchoolAssessment.Features.Standings;

namespace SchoolAssessment.Features.Schools;

/// <summary>A school's name, level and region as a user enters them.</summary>
public sealed record SchoolDetails(string Name, SchoolLevel Level, string Region);

/// <summary>
/// Creates, edits and moves schools. Every command checks the user through <see cref="SchoolAccess"/>,
/// validates, and writes in one transaction; edits are refused, not overwritten, when someone else saved first.
/// </summary>
public sealed class SchoolRegistry(IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, TimeProvider clock, Standings.RescoreQueue rescoring)
{
    public async Task<CommandOutcome<School>> CreateAsync(ClaimsPrincipal user, int? parentId, SchoolDetails details, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scope = await access.ScopeAsync(user, cancellationToken);
        var parent = parentId is { } pid ? await db.Schools.FindAsync([pid], cancellationToken) : null;
        if (parentId is not null && parent is null) return CommandOutcome<School>.Invalid(new FieldError("parent", "上级党校不存在"));

        // A root school can only be created by an administrator.
        if (parent is null ? !scope.IsAdministrator : !await access.CheckAsync(scope, SchoolAction.CreateChild, parent, cancellationToken))
        {
            if (parent is null) await access.RecordRefusalAsync(scope, nameof(SchoolAction.CreateChild), "root", cancellationToken);
            return CommandOutcome<School>.Denied;
        }

        var errors = Validate(details).ToList();
        if (!details.Level.MayBeUnder(parent?.Level)) errors.Add(new("level", details.Level.PlacementRule()));
        if (errors.Count > 0) return CommandOutcome<School>.Invalid([.. errors]);

        var now = clock.GetUtcNow().UtcDateTime;
        var school = new School
        {
            Name = details.Name.Trim(), Level = details.Level, Region = details.Region.Trim(), ParentId = parent?.Id,
            CreatedAtUtc = now, UpdatedAtUtc = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InsertAsync(db, school, parent?.Path, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandOutcome<School>.Ok(school);
    }

    public async Task<CommandOutcome<School>> UpdateAsync(ClaimsPrincipal user, int id, Guid concurrencyStamp, SchoolDetails details, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var school = await db.Schools.Include(s => s.Parent).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (school is null) return CommandOutcome<School>.Invalid(new FieldError("school", "党校不存在"));
        if (!await access.CheckAsync(user, SchoolAction.Edit, school, cancellationToken)) return CommandOutcome<School>.Denied;

        var errors = Validate(details).ToList();
        if (details.Level != school.Level)
        {
            if (!details.Level.MayBeUnder(school.Parent?.Level)) errors.Add(new("level", details.Level.PlacementRule()));
            var childLevels = await db.Schools.Where(s => s.ParentId == id).Select(s => s.Level).Distinct().ToListAsync(cancellationToken);
            if (childLevels.Any(l => !l.MayBeUnder(details.Level))) errors.Add(new("level", "现有下级党校的级别与新级别不相符，请先调整下级党校"));
        }

        if (errors.Count > 0) return CommandOutcome<School>.Invalid(school, [.. errors]);

        db.Entry(school).Property(s => s.ConcurrencyStamp).OriginalValue = concurrencyStamp;
        school.Name = details.Name.Trim();
        school.Level = details.Level;
        school.Region = details.Region.Trim();
        return await SaveAsync(db, school, cancellationToken);
    }

    public async Task<CommandOutcome<School>> MoveAsync(ClaimsPrincipal user, int id, Guid concurrencyStamp, int newParentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scope = await access.ScopeAsync(user, cancellationToken);
        var school = await db.Schools.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        var parent = await db.Schools.FirstOrDefaultAsync(s => s.Id == newParentId, cancellationToken);
        if (school is null) return CommandOutcome<School>.Invalid(new FieldError("school", "党校不存在"));
        if (!await access.CheckAsync(scope, SchoolAction.Move, school, cancellationToken)) return CommandOutcome<School>.Denied;
        if (parent is null) return CommandOutcome<School>.Invalid(new FieldError("parent", "目标上级党校不存在"));
        if (!await access.CheckAsync(scope, SchoolAction.CreateChild, parent, cancellationToken)) return CommandOutcome<School>.Denied;

        if (parent.IsInSubtreeOf(school.Path)) return CommandOutcome<School>.Invalid(new FieldError("parent", "不能移到本校或本校的下级党校之下"));
        if (!school.Level.MayBeUnder(parent.Level)) return CommandOutcome<School>.Invalid(new FieldError("parent", school.Level.PlacementRule()));
        if (school.ParentId == parent.Id) return CommandOutcome<School>.Ok(school);

        var oldPath = school.Path;
        var newPath = School.PathUnder(parent.Path, school.Id);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Entry(school).Property(s => s.ConcurrencyStamp).OriginalValue = concurrencyStamp;
        if (school.Level == SchoolLevel.Township)
        {
            // The county left and the county joined count their township schools: both are rescored, with the move.
            var parents = new[] { school.ParentId, parent.Id }.OfType<int>().ToList();
            var affected = await db.YearlyIndicatorValues.Where(v => parents.Contains(v.SchoolId))
                .Select(v => new { v.SchoolId, v.Year }).Distinct().ToListAsync(cancellationToken);
            rescoring.Request(db, affected.Select(a => (a.SchoolId, a.Year)));
        }

        school.ParentId = parent.Id;
        var result = await SaveAsync(db, school, cancellationToken);
        if (!result.Succeeded) return result;

        // The whole subtree follows, in one statement; its results leave the old ancestors' dashboard figures for the new ones'.
        await SubtreeSummaries.MoveAsync(db, oldPath, -1, cancellationToken);
        await db.Schools.Where(s => s.Path.StartsWith(oldPath))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Path, s => newPath + s.Path.Substring(oldPath.Length)), cancellationToken);
        await SubtreeSummaries.MoveAsync(db, newPath, +1, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        rescoring.Signal();
        school.Path = newPath;
        return result;
    }

    /// <summary>
    /// Adds a school under a parent path. The path holds the school's own id, so it is set after the insert;
    /// callers wrap this in a transaction so no school is ever stored without its path.
    /// </summary>
    public static async Task InsertAsync(AppDbContext db, School school, string? parentPath, CancellationToken cancellationToken = default)
    {
        db.Schools.Add(school);
        await db.SaveChangesAsync(cancellationToken);
        school.Path = School.PathUnder(parentPath, school.Id);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<CommandOutcome<School>> SaveAsync(AppDbContext db, School school, CancellationToken cancellationToken)
    {
        school.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        school.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return CommandOutcome<School>.Ok(school);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else saved first: show them what is stored now instead of overwriting it.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Schools.AsNoTracking().Include(s => s.Parent).FirstAsync(s => s.Id == school.Id, cancellationToken);
            return CommandOutcome<School>.Conflict(current, new FieldError("school",
                ChineseText.Typeset($"在您编辑期间，他人已保存了这所党校：名称“{current.Name}”，级别{current.Level.Name()}，地区“{current.Region}”，上级党校“{current.Parent?.Name ?? "无"}”。您的修改未保存，请核对后重新提交。")));
        }
    }

    private static IEnumerable<FieldError> Validate(SchoolDetails details)
    {
        if (string.IsNullOrWhiteSpace(details.Name)) yield return new("name", "请填写党校名称");
        else if (details.Name.Trim().Length > 100) yield return new("name", "党校名称不能超过100字");
        if (string.IsNullOrWhiteSpace(details.Region)) yield return new("region", "请填写所在地区");
        else if (details.Region.Trim().Length > 100) yield return new("region", "所在地区不能超过100字");
        if (!Enum.IsDefined(details.Level)) yield return new("level", "请选择党校级别");
    }
}
