using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Schools;

/// <summary>One line of the school list.</summary>
public sealed record SchoolRow(int Id, string Name, SchoolLevel Level, string Region, string? ParentName, int Children, bool IsDemo);

public sealed record SchoolFilter(string? Search = null, SchoolLevel? Level = null, int? ParentId = null, int Page = 1, int PageSize = 20);

public sealed class SchoolQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<Paged<SchoolRow>> ListAsync(UserScope scope, SchoolFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Schools.AsNoTracking().Visible(scope);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            query = query.Where(s => s.Name.Contains(term) || s.Region.Contains(term));
        }

        if (filter.Level is { } level) query = query.Where(s => s.Level == level);
        if (filter.ParentId is { } parentId) query = query.Where(s => s.ParentId == parentId);

        var total = await query.CountAsync(cancellationToken);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + filter.PageSize - 1) / filter.PageSize));
        var rows = await query
            .OrderBy(s => s.Path)
            .Skip((page - 1) * filter.PageSize)
            .Take(filter.PageSize)
            .Select(s => new SchoolRow(s.Id, s.Name, s.Level, s.Region, s.Parent != null ? s.Parent.Name : null,
                db.Schools.Count(c => c.ParentId == s.Id), s.IsDemo))
            .ToListAsync(cancellationToken);
        return new Paged<SchoolRow>(rows, total, page, filter.PageSize);
    }

    public async Task<School?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Schools.AsNoTracking().Include(s => s.Parent).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>The schools a given school may be moved under, within what the user may manage.</summary>
    public async Task<IReadOnlyList<School>> MoveTargetsAsync(UserScope scope, School school, CancellationToken cancellationToken = default)
    {
        var levels = Enum.GetValues<SchoolLevel>().Where(l => school.Level.MayBeUnder(l)).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Schools.AsNoTracking().Visible(scope)
            .Where(s => levels.Contains(s.Level) && !s.Path.StartsWith(school.Path))
            .OrderBy(s => s.Path)
            .Take(500)
            .ToListAsync(cancellationToken);
        return candidates.Where(s => AccessRules.Allows(scope, SchoolAction.CreateChild, s)).ToList();
    }
}
