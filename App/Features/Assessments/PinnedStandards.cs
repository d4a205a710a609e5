using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Assessments;

/// <summary>The standard exactly as it was when an assessment started, parsed once per version and kept.</summary>
public sealed class PinnedStandards(IDbContextFactory<AppDbContext> dbFactory, StandardLibrary library)
{
    private readonly ConcurrentDictionary<int, Standard> _parsed = new();

    public async Task<Standard> GetAsync(int versionId, CancellationToken cancellationToken = default)
    {
        if (_parsed.TryGetValue(versionId, out var standard)) return standard;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.StandardVersions.AsNoTracking().FirstAsync(v => v.Id == versionId, cancellationToken);
        standard = StandardLoader.Parse($"{version.StandardId}.yaml", version.Content, library.Indicators);
        return _parsed.GetOrAdd(versionId, standard);
    }

    /// <summary>
    /// Forgets every parsed version: after the database is put back to an earlier copy (tests), a version id may come
    /// back holding other text.
    /// </summary>
    internal void Forget() => _parsed.Clear();
}
