using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Standards;

/// <summary>Records each loaded standard's exact text once, at start, so later assessments can pin it.</summary>
public sealed class StandardVersionRecorder(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> RecordAsync(StandardLibrary library, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.StandardVersions
            .Select(v => new { v.StandardId, v.ContentHash })
            .ToListAsync(cancellationToken);

        var added = 0;
        foreach (var standard in library.Standards)
        {
            if (!library.Sources.TryGetValue(standard.Id, out var text)) continue;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (known.Any(k => k.StandardId == standard.Id && k.ContentHash == hash)) continue;

            db.StandardVersions.Add(new StandardVersion
            {
                StandardId = standard.Id,
                Version = standard.Version,
                Name = standard.Name,
                ContentHash = hash,
                Content = text,
                LoadedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }
}
