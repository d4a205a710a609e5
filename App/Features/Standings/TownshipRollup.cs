using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Standings;

/// <summary>
/// The derived indicators of a school (<c>derived:</c> in indicators.yaml), counted over the township schools directly
/// under it for the year: all of them, those whose stored result on a standard passed, those with a yes on an indicator.
/// A school with no township school under it has no derived values (not entered, never 0).
/// </summary>
public static class TownshipRollup
{
    public static async Task<Dictionary<(int SchoolId, int Year), Dictionary<string, IndicatorValue>>> ComputeAsync(
        AppDbContext db, IndicatorCatalog catalog, IReadOnlyCollection<(int SchoolId, int Year)> pairs, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<(int, int), Dictionary<string, IndicatorValue>>();
        var derived = catalog.All.Where(i => i.IsDerived).ToList();
        if (derived.Count == 0 || pairs.Count == 0) return result;

        var schoolIds = pairs.Select(p => p.SchoolId).Distinct().ToList();
        var years = pairs.Select(p => p.Year).Distinct().ToList();
        var children = await db.Schools.AsNoTracking()
            .Where(s => s.ParentId != null && schoolIds.Contains(s.ParentId.Value) && s.Level == SchoolLevel.Township)
            .Select(s => new { s.Id, ParentId = s.ParentId!.Value })
            .ToListAsync(cancellationToken);
        if (children.Count == 0) return result;

        var childIds = children.Select(c => c.Id).ToList();
        var parentOf = children.ToDictionary(c => c.Id, c => c.ParentId);
        var standardIds = derived.Select(i => i.Derived!.Passing).OfType<string>().Distinct().ToList();
        var flagKeys = derived.Select(i => i.Derived!.With).OfType<string>().Distinct().ToList();
        var passed = (await db.SchoolResults.AsNoTracking()
                .Where(r => childIds.Contains(r.SchoolId) && years.Contains(r.Year) && standardIds.Contains(r.StandardId) && r.Passed)
                .Select(r => new { r.SchoolId, r.Year, r.StandardId })
                .ToListAsync(cancellationToken))
            .ToLookup(r => (parentOf[r.SchoolId], r.Year, r.StandardId));
        var flagged = (await db.YearlyIndicatorValues.AsNoTracking()
                .Where(v => childIds.Contains(v.SchoolId) && years.Contains(v.Year) && flagKeys.Contains(v.IndicatorKey) && v.Flag == true)
                .Select(v => new { v.SchoolId, v.Year, v.IndicatorKey })
                .ToListAsync(cancellationToken))
            .ToLookup(v => (parentOf[v.SchoolId], v.Year, v.IndicatorKey));
        var counts = children.GroupBy(c => c.ParentId).ToDictionary(g => g.Key, g => g.Count());

        foreach (var (schoolId, year) in pairs.Distinct())
        {
            if (!counts.TryGetValue(schoolId, out var townships)) continue;
            result[(schoolId, year)] = Derive(catalog, townships,
                standard => passed[(schoolId, year, standard)].Count(), flag => flagged[(schoolId, year, flag)].Count());
        }

        return result;
    }

    /// <summary>
    /// A school's derived values from what its township schools count for the year: how many there are, how many
    /// passed each standard, how many answered yes to each indicator. Pure: the generator counts in memory what
    /// <see cref="ComputeAsync(AppDbContext, IndicatorCatalog, IReadOnlyCollection{ValueTuple{int, int}}, CancellationToken)"/> reads.
    /// </summary>
    public static Dictionary<string, IndicatorValue> Derive(IndicatorCatalog catalog, int townships, Func<string, int> passing, Func<string, int> flagged)
    {
        var values = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        foreach (var indicator in catalog.All)
        {
            if (indicator.Derived is not { } rule) continue;
            var count = rule.Passing is { } standard ? passing(standard)
                : rule.With is { } flag ? flagged(flag)
                : townships;
            values[indicator.Key] = IndicatorValue.Of(count);
        }

        return values;
    }

    /// <summary>One school-year's derived values.</summary>
    public static async Task<Dictionary<string, IndicatorValue>> ComputeAsync(AppDbContext db, IndicatorCatalog catalog, int schoolId, int year,
        CancellationToken cancellationToken = default) =>
        (await ComputeAsync(db, catalog, [(schoolId, year)], cancellationToken)).GetValueOrDefault((schoolId, year)) ?? [];

    /// <summary>Stored values with the derived ones put in their place: what is stored under a derived key is never read.</summary>
    public static Dictionary<string, IndicatorValue> WithDerived(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> stored,
        IReadOnlyDictionary<string, IndicatorValue>? derived)
    {
        var values = stored.Where(v => catalog.Find(v.Key) is not { IsDerived: true }).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        foreach (var (key, value) in derived ?? new Dictionary<string, IndicatorValue>()) values[key] = value;
        return values;
    }
}
