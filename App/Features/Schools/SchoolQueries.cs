using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Schools;

/// <summary>One line of the school list.</summary>
public sealed record SchoolRow(int Id, string Name, SchoolLevel Level, string Region, string? ParentName, int Children, bool IsDemo);

/// <summary>The order of the school list: the tree (each school under its parent), or a column.</summary>
public enum SchoolSort
{
    Tree,
    Name,
    Level,
    Region,
}

public sealed record SchoolFilter(string? Search = null, SchoolLevel? Level = null, int? ParentId = null, int Page = 1, int PageSize = 20,
    SchoolSort Sort = SchoolSort.Tree, bool Descending = false);

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
        var ordered = (filter.Sort, filter.Descending) switch
        {
            (SchoolSort.Name, false) => query.OrderBy(s => s.Name).ThenBy(s => s.Id),
            (SchoolSort.Name, true) => query.OrderByDescending(s => s.Name).ThenBy(s => s.Id),
            (SchoolSort.Level, false) => query.OrderBy(s => s.Level).ThenBy(s => s.Path),
            (SchoolSort.Level, true) => query.OrderByDescending(s => s.Level).ThenBy(s => s.Path),
            (SchoolSort.Region, false) => query.OrderBy(s => s.Region).ThenBy(s => s.Id),
            (SchoolSort.Region, true) => query.OrderByDescending(s => s.Region).ThenBy(s => s.Id),
            (_, false) => query.OrderBy(s => s.Path),
            (_, true) => query.OrderByDescending(s => s.Path),
        };
        var rows = await ordered
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

    /// <summary>
    /// The schools a given school may be moved under whose name holds <paramref name="search"/>, within what the user
    /// may manage, at most <paramref name="take"/> (the move page searches them by name).
    /// </summary>
    public async Task<IReadOnlyList<School>> MoveTargetsAsync(UserScope scope, School school, string? search = null, int take = 20,
        CancellationToken cancellationToken = default)
    {
        var levels = Enum.GetValues<SchoolLevel>().Where(l => school.Level.MayBeUnder(l)).ToList();
        return await ParentsAsync(scope, levels, search, take, s => !s.Path.StartsWith(school.Path), cancellationToken);
    }

    /// <summary>The schools the user may add a school under whose name holds <paramref name="search"/>, at most <paramref name="take"/>.</summary>
    public Task<IReadOnlyList<School>> ParentChoicesAsync(UserScope scope, string? search, int take = 20, CancellationToken cancellationToken = default)
    {
        var levels = Enum.GetValues<SchoolLevel>().Where(l => Enum.GetValues<SchoolLevel>().Any(child => child.MayBeUnder(l))).ToList();
        return ParentsAsync(scope, levels, search, take, _ => true, cancellationToken);
    }

    private async Task<IReadOnlyList<School>> ParentsAsync(UserScope scope, List<SchoolLevel> levels, string? search, int take,
        System.Linq.Expressions.Expression<Func<School, bool>> also, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Schools.AsNoTracking().Visible(scope).Where(s => levels.Contains(s.Level)).Where(also);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(s => s.Name.Contains(term));
        }

        // Visible is what the user may read; managing (adding a school under) is checked per school, over a bounded set.
        var candidates = await query.OrderBy(s => s.Path).Take(500).ToListAsync(cancellationToken);
        return candidates.Where(s => AccessRules.Allows(scope, SchoolAction.CreateChild, s)).Take(take).ToList();
    }
}
