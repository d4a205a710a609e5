using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Audit;

/// <summary>Reads the audit trail of one school, newest first, one page at a time.</summary>
public sealed class AuditQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<Paged<AuditEntry>> ForSchoolAsync(int schoolId, string subject, string? keyPrefix, int page, int pageSize = 50,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking().Where(e => e.SchoolId == schoolId && e.Subject == subject);
        if (!string.IsNullOrEmpty(keyPrefix)) query = query.Where(e => e.SubjectKey.StartsWith(keyPrefix));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.Id).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<AuditEntry>(rows, total, Math.Max(page, 1), pageSize);
    }
}
