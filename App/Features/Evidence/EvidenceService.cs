using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Evidence;

public sealed record EvidenceResult(EvidenceFile? File, string? Error, bool Refused = false, bool Conflicted = false)
{
    public bool Succeeded => Error is null && !Refused && !Conflicted;

    /// <summary>The same outcome in the shape every page shows (<c>OutcomeUi</c>); the message is the file field's.</summary>
    public CommandOutcome<EvidenceFile> ToOutcome() =>
        Refused ? CommandOutcome<EvidenceFile>.Denied
        : Conflicted ? CommandOutcome<EvidenceFile>.Conflict(File, new FieldError("file", Error ?? ""))
        : Error is not null ? CommandOutcome<EvidenceFile>.Invalid(File, new FieldError("file", Error))
        : CommandOutcome<EvidenceFile>.Ok(File!);
}

/// <summary>
/// Evidence for an assessment's items: the school uploads while it self-assesses; evaluators accept or reject
/// each file on site; only those who may read the assessment download. Checked on the server, every time.
/// </summary>
public sealed class EvidenceService(
    IDbContextFactory<AppDbContext> dbFactory, AssessmentService assessments, PinnedStandards pinned, EvidenceFileInspector inspector,
    EvidenceStore store, SchoolAccess access, TimeProvider clock, LiveUpdates live)
{
    public async Task<IReadOnlyList<EvidenceFile>> ListAsync(int assessmentId, EvidencePurpose purpose, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == assessmentId && e.Purpose == purpose).OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The school uploads evidence of an item while it self-assesses, and evidence of a fix while it rectifies
    /// (before the assessment is closed).
    /// </summary>
    public static bool MayUpload(Assessment assessment, AssessmentParty party, EvidencePurpose purpose = EvidencePurpose.Assessment) => purpose switch
    {
        EvidencePurpose.Rectification => Rectification.RectificationRules.SchoolMayEdit(assessment.State, party),
        _ => (party.SchoolMember || party.Administrator) && AssessmentWorkflow.SchoolMayEdit(assessment.State),
    };

    /// <summary>Evaluators check an item's evidence on site; evidence of a fix is checked by whoever may close the line (销号).</summary>
    public static bool MayReview(Assessment assessment, AssessmentParty party, EvidencePurpose purpose = EvidencePurpose.Assessment) => purpose switch
    {
        EvidencePurpose.Rectification => Rectification.RectificationRules.MayReview(assessment.State, party),
        _ => (party.Evaluator || party.Administrator) && AssessmentWorkflow.EvaluatorsMayScore(assessment.State),
    };

    /// <summary>Stores a file after checking who asks; with no file (null), the same checks, then "choose a file".</summary>
    public async Task<EvidenceResult> UploadAsync(ClaimsPrincipal user, int assessmentId, string itemCode, string? fileName, Stream? content,
        EvidencePurpose purpose = EvidencePurpose.Assessment, CancellationToken cancellationToken = default)
    {
        var (assessment, party) = await assessments.OpenAsync(user, assessmentId, cancellationToken);
        if (assessment is null) return new EvidenceResult(null, "评估不存在");
        if (!MayUpload(assessment, party, purpose))
        {
            await access.RecordRefusalAsync(await access.ScopeAsync(user, cancellationToken), "upload evidence", $"assessment {assessmentId}", cancellationToken);
            return new EvidenceResult(null, null, Refused: true);
        }

        if ((await pinned.GetAsync(assessment.StandardVersionId, cancellationToken)).FindItem(itemCode) is null)
            return new EvidenceResult(null, $"没有评估项目 {itemCode}");
        if (content is null || fileName is null) return new EvidenceResult(null, "请选择要上传的文件");
        var check = await inspector.CheckAsync(fileName, content, cancellationToken);
        if (!check.IsValid) return new EvidenceResult(null, check.Error);

        var stored = await store.SaveAsync(content, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = new EvidenceFile
        {
            AssessmentId = assessmentId, SchoolId = assessment.SchoolId, ItemCode = itemCode, FileName = fileName, Kind = check.Kind!.Value, Purpose = purpose,
            Sha256 = stored.Sha256, Length = stored.Length, UploadedAtUtc = clock.GetUtcNow().UtcDateTime, UploadedBy = Audit.PeopleNames.Of(user),
        };
        db.EvidenceFiles.Add(file);
        db.AuditReason = purpose == EvidencePurpose.Rectification ? "上传整改佐证材料" : "上传佐证材料";
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(new AssessmentScoresChanged(assessmentId, assessment.SchoolId));
        return new EvidenceResult(file, null);
    }

    /// <param name="expectedStamp">The file's stamp as the reviewer's page showed it: a review made since wins, and this one is refused (409).</param>
    public async Task<EvidenceResult> ReviewAsync(ClaimsPrincipal user, long id, EvidenceReview review, string? comment, Guid? expectedStamp = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.EvidenceFiles.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (file is null) return new EvidenceResult(null, "文件不存在");
        var (assessment, party) = await assessments.OpenAsync(user, file.AssessmentId, cancellationToken);
        if (assessment is null || !MayReview(assessment, party, file.Purpose))
        {
            await access.RecordRefusalAsync(await access.ScopeAsync(user, cancellationToken), "review evidence", $"evidence {id}", cancellationToken);
            return new EvidenceResult(null, null, Refused: true);
        }

        if (review == EvidenceReview.Pending) return new EvidenceResult(file, "请选择认可或不予认可");
        comment = comment?.Trim();
        if (review == EvidenceReview.Rejected && string.IsNullOrEmpty(comment)) return new EvidenceResult(file, "不予认可时请写明原因");
        if (comment?.Length > 1000) return new EvidenceResult(file, "意见不能超过1000字");
        if (expectedStamp is { } stamp && stamp != file.ConcurrencyStamp) return Conflict(file);
        file.Review = review;
        file.ReviewComment = comment;
        file.ReviewedBy = Audit.PeopleNames.Of(user);
        file.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = comment;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another reviewer saved in between: theirs stands, and this reviewer sees it.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            return Conflict(await fresh.EvidenceFiles.AsNoTracking().FirstAsync(e => e.Id == id, cancellationToken));
        }

        live.Publish(new AssessmentScoresChanged(assessment.Id, assessment.SchoolId));
        return new EvidenceResult(file, null);
    }

    private static EvidenceResult Conflict(EvidenceFile current)
    {
        var decision = current.Review switch { EvidenceReview.Accepted => "认可", EvidenceReview.Rejected => "不予认可", _ => "待审核" };
        var comment = string.IsNullOrEmpty(current.ReviewComment) ? "" : $"（意见：{current.ReviewComment}）";
        return new EvidenceResult(current, $"未保存：{current.ReviewedBy ?? "他人"} 已先审核为“{decision}”{comment}，请核对后再操作", Conflicted: true);
    }

    /// <summary>The file and its bytes, for someone who may read its assessment; null (and recorded) otherwise.</summary>
    public async Task<(EvidenceFile File, Stream Content)?> OpenAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (file is null) return null;
        var (_, party) = await assessments.OpenAsync(user, file.AssessmentId, cancellationToken);
        return party.CanRead ? (file, store.OpenRead(file.Sha256)) : null;
    }
}
