using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Audit;

/// <summary>Reads the audit trail of one school, newest first, one page at a time.</summary>
public sealed class AuditQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>
    /// Everything recorded for one assessment (its states, every party's item scores, its evidence), or for one
    /// of its items: the keys of item scores and evidence start with "&lt;assessment id&gt;/&lt;item code&gt;/".
    /// Scores the viewer may not see yet (<see cref="ScoreVisibility"/>) are left out here, in the query.
    /// </summary>
    public async Task<Paged<AuditEntry>> ForAssessmentAsync(int schoolId, int assessmentId, string assessmentKey, string? itemCode,
        ScoreVisibility visibility, int page, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prefix = itemCode is null ? $"{assessmentId}/" : $"{assessmentId}/{itemCode}/";
        var query = db.AuditEntries.AsNoTracking().Where(e => e.SchoolId == schoolId
            && (((e.Subject == "ItemScore" || e.Subject == "EvidenceFile") && e.SubjectKey.StartsWith(prefix))
                || (itemCode == null && e.Subject == "Assessment" && e.SubjectKey == assessmentKey)));
        const string evaluatorKey = "/" + nameof(ScoreKind.Evaluator), finalKey = "/" + nameof(ScoreKind.Final);
        if (!visibility.AllEvaluators)
        {
            var viewer = visibility.Viewer ?? "";
            query = query.Where(e => !(e.Subject == "ItemScore" && e.SubjectKey.EndsWith(evaluatorKey) && e.UserName != viewer));
        }

        if (!visibility.Final) query = query.Where(e => !(e.Subject == "ItemScore" && e.SubjectKey.EndsWith(finalKey)));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.Id).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<AuditEntry>(rows, total, Math.Max(page, 1), pageSize);
    }

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

    /// <summary>
    /// The entries of a page as actions people read (<see cref="AuditDisplay.Actions"/>), everyone named by 姓名 and role:
    /// the one who acted and anyone a value names (审核人…).
    /// </summary>
    public async Task<IReadOnlyList<AuditAction>> ActionsAsync(IReadOnlyList<AuditEntry> entries, Func<string, string?>? gradeName = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = entries.Select(e => e.UserName)
            .Concat(entries.Where(e => e.Field is "ReviewedBy" or "UpdatedBy" or "CreatedBy" or "UploadedBy").SelectMany(e => new[] { e.OldValue, e.NewValue }));
        var names = await PeopleNames.OfAsync(db, people, cancellationToken: cancellationToken);
        return AuditDisplay.Actions(entries, names, gradeName);
    }
}
