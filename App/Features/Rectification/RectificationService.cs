using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;
using SchoolAssessment.Shared;

namespace SchoolAssessment.Features.Rectification;

/// <summary>An assessment's gaps and its plan, as one person may see them today.</summary>
public sealed record PlanView(
    AssessmentBoard Board,
    ScoreKind Basis,
    ScoreResult Result,
    IReadOnlyList<Gap> Gaps,
    RectificationPlan? Plan,
    IReadOnlyList<EvidenceFile> Evidence,
    DateOnly Today)
{
    public Assessment Assessment => Board.Assessment;

    public AssessmentParty Party => Board.Party;

    public Standard Standard => Board.Standard;

    public IReadOnlyList<RectificationLine> Lines => Plan?.Lines ?? [];

    /// <summary>Items only evaluators can score that no one has scored yet (待评定): shown apart, never gaps of the plan.</summary>
    public IReadOnlyList<Gap> NotYetAssessed { get; init; } = [];

    // Worked out once per view: the page and the documents read them several times.
    public WayToGrade? WayToNext { get; } = WayToGrade.Next(Result);

    /// <summary>The way to passing with every veto met, when the school is failing and the next grade is something else.</summary>
    public WayToGrade? WayToPass { get; } = Result.Passed ? null : Result.Standard.Grades.LastOrDefault(g => g.Pass) is { } pass ? WayToGrade.To(Result, pass) : null;

    public bool SchoolMayEdit => RectificationRules.SchoolMayEdit(Assessment.State, Party);

    public bool MayReview => RectificationRules.MayReview(Assessment.State, Party);

    public IEnumerable<EvidenceFile> EvidenceOf(string itemCode) => Evidence.Where(e => e.ItemCode == itemCode);

    /// <summary>The evaluators' written findings on an item (评估意见), final first; none before the feedback is issued.</summary>
    public IReadOnlyList<ItemFinding> FindingsOf(string itemCode) =>
        Assessment.State < AssessmentState.FeedbackIssued ? [] : Findings.Of(Board, itemCode);

    public bool IsOverdue(RectificationLine line) => RectificationRules.IsOverdue(line, Today);
}

/// <summary>One line with what its panel needs: the assessment, how the reader stands to it, the accepted evidence of the fix.</summary>
public sealed record LineContext(RectificationLine Line, Assessment Assessment, AssessmentParty Party, int AcceptedEvidence, DateOnly Today)
{
    public bool SchoolMayEdit => RectificationRules.SchoolMayEdit(Assessment.State, Party);

    public bool MayReview => RectificationRules.MayReview(Assessment.State, Party);

    public bool IsOverdue => RectificationRules.IsOverdue(Line, Today);
}

/// <summary>What a school writes on a line; text as typed, checked by <see cref="RectificationService.Validate"/>.</summary>
public sealed record LineEdit(
    string? Category, string? Goal, string? Measures, string? Type, string? ResponsibleLeader, string? LeadUnit, string? CooperatingUnits,
    string? PersonInCharge, string? Deadline, string? Progress, string? CompletionEvidence, string? Remarks);

/// <summary>
/// The rectification plan of an assessment: generated from its gaps, written by the school, closed line by line
/// by the supervising school or the evaluators. Every command checks who asks; every change is audited.
/// </summary>
public sealed class RectificationService(
    IDbContextFactory<AppDbContext> dbFactory, AssessmentService assessments, ItemScoringService scoring, StandardLibrary library,
    SchoolAccess access, TimeProvider clock, LiveUpdates live)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The plan view of an assessment the user may read; null when it does not exist or the user may not read it.</summary>
    public async Task<PlanView?> OpenAsync(ClaimsPrincipal user, int assessmentId, CancellationToken cancellationToken = default)
    {
        var board = await scoring.BoardAsync(user, assessmentId, cancellationToken);
        return board is null ? null : await ViewAsync(board, cancellationToken);
    }

    public async Task<PlanView> ViewAsync(AssessmentBoard board, CancellationToken cancellationToken = default)
    {
        var basis = BasisOf(board.Assessment.State);
        var result = board.ResultOf(basis, "", library.Indicators);
        var (gaps, notYetAssessed) = Gap.Split(GapFinder.Find(result, library.Indicators, AssessmentScoring.Input(board.Standard, board.Indicators, board.Of(basis))));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.RectificationPlans.AsNoTracking().Include(p => p.Lines.OrderBy(l => l.Position))
            .FirstOrDefaultAsync(p => p.AssessmentId == board.Assessment.Id, cancellationToken);
        var evidence = await db.EvidenceFiles.AsNoTracking()
            .Where(e => e.AssessmentId == board.Assessment.Id && e.Purpose == EvidencePurpose.Rectification).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return new PlanView(board, basis, result, gaps, plan, evidence, Today) { NotYetAssessed = notYetAssessed };
    }

    public async Task<bool> ExistsAsync(int assessmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Assessments.AnyAsync(a => a.Id == assessmentId, cancellationToken);
    }

    public async Task<bool> LineExistsAsync(long lineId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RectificationLines.AnyAsync(l => l.Id == lineId, cancellationToken);
    }

    /// <summary>A line of a plan the user may read; null when it does not exist or the user may not read it (recorded).</summary>
    public async Task<LineContext?> OpenLineAsync(ClaimsPrincipal user, long lineId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (line, assessment, party) = await LoadLineAsync(db, user, lineId, cancellationToken);
        if (line is null || assessment is null) return null;
        var accepted = await AcceptedEvidenceAsync(db, line, cancellationToken);
        return new LineContext(line, assessment, party, accepted, Today);
    }

    private static Task<int> AcceptedEvidenceAsync(AppDbContext db, RectificationLine line, CancellationToken cancellationToken) =>
        db.EvidenceFiles.CountAsync(e => e.AssessmentId == line.AssessmentId && e.ItemCode == line.ItemCode
            && e.Purpose == EvidencePurpose.Rectification && e.Review == EvidenceReview.Accepted, cancellationToken);

    /// <summary>Gaps come from the evaluators' final scores once the feedback is issued; before that, from the school's own.</summary>
    public static ScoreKind BasisOf(AssessmentState state) => state >= AssessmentState.FeedbackIssued ? ScoreKind.Final : ScoreKind.Self;

    /// <summary>Creates the plan, or refreshes it from the latest result keeping every line's written columns. One transaction.</summary>
    public async Task<CommandOutcome<PlanMerge>> GenerateAsync(ClaimsPrincipal user, int assessmentId, string? targetDate,
        CancellationToken cancellationToken = default)
    {
        var view = await OpenAsync(user, assessmentId, cancellationToken);
        if (view is null || !view.SchoolMayEdit)
        {
            await RefuseAsync(user, "generate rectification plan", $"assessment {assessmentId}", cancellationToken);
            return CommandOutcome<PlanMerge>.Denied;
        }

        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(targetDate))
        {
            if (ParseDate(targetDate) is not { } parsed) return CommandOutcome<PlanMerge>.Invalid(new FieldError("targetDate", "整改完成时限：请输入日期，如 2027-06-30"));
            date = parsed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await db.RectificationPlans.Include(p => p.Lines).FirstOrDefaultAsync(p => p.AssessmentId == assessmentId, cancellationToken);
        if (plan is null)
        {
            plan = new RectificationPlan { AssessmentId = assessmentId, SchoolId = view.Assessment.SchoolId, BasisGrade = "" };
            db.RectificationPlans.Add(plan);
        }

        plan.Basis = view.Basis;
        plan.BasisTotal = view.Result.Total;
        plan.BasisGrade = view.Result.Grade.Name;
        plan.TargetGrade = view.WayToNext?.Target.Name ?? view.Result.Grade.Name;
        plan.TargetDate = date ?? plan.TargetDate ?? Today.AddMonths(6);
        plan.GeneratedAtUtc = clock.GetUtcNow().UtcDateTime;
        plan.GeneratedBy = Audit.PeopleNames.Of(user); // shown to people: the 姓名
        plan.ConcurrencyStamp = Guid.NewGuid();
        var merge = RectificationPlanner.Merge(plan, view.Gaps, Today, RectificationPlanner.Findings(view.Board.Scores),
            township: view.Assessment.School?.Level == Schools.SchoolLevel.Township);
        foreach (var line in plan.Lines.Where(l => l.UpdatedAtUtc == default)) line.UpdatedAtUtc = plan.GeneratedAtUtc;
        db.AuditReason = "根据评估结果生成整改台账";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone generated the same plan a moment ago: nothing of ours was saved; their plan stands.
            return CommandOutcome<PlanMerge>.Conflict(null, new FieldError("plan", "另一位用户刚刚生成或更新了整改台账，请刷新页面后再试。"));
        }

        live.Publish(new LedgerChanged(plan.Id, plan.SchoolId));
        return CommandOutcome<PlanMerge>.Ok(merge);
    }

    /// <summary>Saves what the school wrote on one line, if nobody saved it since the form was opened.</summary>
    public async Task<CommandOutcome<RectificationLine>> SaveLineAsync(ClaimsPrincipal user, long lineId, LineEdit edit, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (line, stop) = await OpenForChangeAsync(db, user, lineId, expectedStamp, "edit rectification line",
            (_, assessment, party) => RectificationRules.SchoolMayEdit(assessment.State, party), cancellationToken);
        if (stop is not null) return stop;
        if (RectificationRules.TextLocked(line.Status)) return Invalid("measures", RectificationRules.TextLockedMessage);
        var errors = Validate(edit);
        if (errors.Count > 0) return CommandOutcome<RectificationLine>.Invalid([.. errors]);

        Apply(line, edit);
        line.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        line.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = "修改整改事项";
        return await SaveAsync(db, line, cancellationToken);
    }

    /// <summary>Moves a line's status. The school moves between 未启动, 推进中 and 已完成; a step back needs a reason.</summary>
    public async Task<CommandOutcome<RectificationLine>> SetStatusAsync(ClaimsPrincipal user, long lineId, RectificationStatus status, Guid expectedStamp, string? comment,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (line, stop) = await OpenForChangeAsync(db, user, lineId, expectedStamp, $"set rectification status {status}",
            (found, assessment, party) => RectificationRules.SchoolMayEdit(assessment.State, party) && RectificationRules.SchoolMaySet(found.Status, status),
            cancellationToken);
        if (stop is not null) return stop;
        comment = comment?.Trim();
        if (RectificationRules.StatusChangeRefusal(line.Status, status, comment) is { } refusal) return Invalid("comment", refusal);
        if (comment?.Length > RectificationRules.ShortText) return Invalid("comment", $"原因不能超过{RectificationRules.ShortText}字");
        if (status == line.Status) return CommandOutcome<RectificationLine>.Ok(line);

        line.Status = status;
        line.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        line.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = comment is { Length: > 0 } ? comment : $"状态改为{status.Name()}";
        return await SaveAsync(db, line, cancellationToken);
    }

    /// <summary>
    /// 销号 (or a return to 推进中) by the supervising school or an evaluator, after checking the evidence of the fix:
    /// a line is closed only when it is completed and at least one of its files has been accepted.
    /// </summary>
    public async Task<CommandOutcome<RectificationLine>> ReviewAsync(ClaimsPrincipal user, long lineId, bool close, string? comment, Guid expectedStamp,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (line, stop) = await OpenForChangeAsync(db, user, lineId, expectedStamp, "review rectification line",
            (_, assessment, party) => RectificationRules.MayReview(assessment.State, party), cancellationToken);
        if (stop is not null) return stop;
        comment = comment?.Trim();
        if (string.IsNullOrEmpty(comment)) return Invalid("reviewComment", "销号审核意见：请填写审核意见");
        if (comment.Length > RectificationRules.LongText) return Invalid("reviewComment", $"销号审核意见不能超过{RectificationRules.LongText}字");
        if (close)
        {
            if (RectificationRules.CloseOutRefusal(line, await AcceptedEvidenceAsync(db, line, cancellationToken)) is { } refusal) return Invalid("status", refusal);
            line.Status = RectificationStatus.Closed;
        }
        else
        {
            if (line.Status is not (RectificationStatus.Completed or RectificationStatus.Closed))
                return Invalid("status", "只有“已完成”或“已销号”的整改事项可以退回");
            line.Status = RectificationStatus.InProgress;
        }

        line.ReviewComment = comment;
        line.ReviewedBy = Audit.PeopleNames.Of(user);
        line.ReviewedAtUtc = clock.GetUtcNow().UtcDateTime;
        line.UpdatedAtUtc = line.ReviewedAtUtc.Value;
        line.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = comment;
        return await SaveAsync(db, line, cancellationToken);
    }

    /// <summary>Who last changed a line (姓名 and role) and when, from its record: for a conflict message.</summary>
    public async Task<string> LastChangeAsync(RectificationLine line, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.SchoolId == line.SchoolId && e.Subject == nameof(RectificationLine) && e.SubjectKey == line.AuditKey)
            .OrderByDescending(e => e.Id).Select(e => new { e.UserName, e.AtUtc }).FirstOrDefaultAsync(cancellationToken);
        if (last is null) return "他人";
        var who = (await Audit.PeopleNames.OfAsync(db, [last.UserName], cancellationToken: cancellationToken)).GetValueOrDefault(last.UserName, "他人");
        return $"{who} 于 {TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(last.AtUtc, DateTimeKind.Utc), clock.LocalTimeZone):yyyy-MM-dd HH:mm}";
    }

    /// <summary>
    /// Applies an edited ledger workbook: every row valid and still at the version exported, or nothing applied.
    /// Returns the number of lines changed, or every bad cell by row and column.
    /// </summary>
    public async Task<CommandOutcome<int>> ApplyLedgerAsync(ClaimsPrincipal user, int assessmentId, Stream? workbook,
        CancellationToken cancellationToken = default)
    {
        var (assessment, party) = await assessments.OpenAsync(user, assessmentId, cancellationToken);
        if (assessment is null || !RectificationRules.SchoolMayEdit(assessment.State, party))
        {
            await RefuseAsync(user, "upload rectification ledger", $"assessment {assessmentId}", cancellationToken);
            return CommandOutcome<int>.Denied;
        }

        if (workbook is null) return LedgerInvalid(["请选择要上传的台账文件（.xlsx）"]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lines = await db.RectificationLines.Where(l => l.AssessmentId == assessmentId).ToListAsync(cancellationToken);
        if (lines.Count == 0) return LedgerInvalid(["此评估还没有整改台账，请先生成台账"]);
        var (changes, errors) = LedgerUpload.Read(workbook, lines);
        if (errors.Count > 0) return LedgerInvalid(Documents.Spreadsheets.XlsxReader.FirstErrors(errors));

        var now = clock.GetUtcNow().UtcDateTime;
        var locked = new List<string>();
        foreach (var change in changes)
        {
            var wasLocked = RectificationRules.TextLocked(change.Line.Status);
            Apply(change.Line, change.Edit);
            change.Line.Status = change.Status;
            db.ChangeTracker.DetectChanges();
            if (wasLocked && db.Entry(change.Line).Properties.Any(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
                locked.Add($"指标 {change.Line.ItemCode}：{RectificationRules.TextLockedMessage}");
        }

        if (locked.Count > 0) return LedgerInvalid(Documents.Spreadsheets.XlsxReader.FirstErrors(locked));

        db.ChangeTracker.DetectChanges();
        var changed = lines.Where(l => db.Entry(l).Properties.Any(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))).ToList();
        foreach (var line in changed)
        {
            line.UpdatedAtUtc = now;
            line.ConcurrencyStamp = Guid.NewGuid();
        }

        db.AuditReason = "上传整改台账";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandOutcome<int>.Conflict(0, new FieldError("ledger", "上传期间有人修改了台账，未做任何更改，请重新导出后再上传。"));
        }

        if (changed.Count > 0) live.Publish(new LedgerChanged(changed[0].PlanId, assessment.SchoolId));
        return CommandOutcome<int>.Ok(changed.Count);
    }

    /// <summary>Checks a line edit; each message names its field as the form labels it.</summary>
    public static IReadOnlyList<FieldError> Validate(LineEdit edit)
    {
        var errors = new List<FieldError>();
        void Length(string field, string label, string? value, int max)
        {
            if (value?.Trim().Length > max) errors.Add(new FieldError(field, $"{label}：不能超过{max}字"));
        }

        Length("category", "问题类别", edit.Category, RectificationRules.ShortText);
        Length("goal", "整改目标", edit.Goal, RectificationRules.LongText);
        Length("measures", "整改措施", edit.Measures, RectificationRules.LongText);
        Length("responsibleLeader", "责任领导", edit.ResponsibleLeader, RectificationRules.ShortText);
        Length("leadUnit", "牵头单位", edit.LeadUnit, RectificationRules.ShortText);
        Length("cooperatingUnits", "配合单位", edit.CooperatingUnits, RectificationRules.ShortText);
        Length("personInCharge", "具体责任人", edit.PersonInCharge, RectificationRules.ShortText);
        Length("progress", "整改进度", edit.Progress, RectificationRules.LongText);
        Length("completionEvidence", "佐证材料", edit.CompletionEvidence, RectificationRules.LongText);
        Length("remarks", "备注", edit.Remarks, RectificationRules.LongText);
        if (string.IsNullOrWhiteSpace(edit.Measures)) errors.Add(new FieldError("measures", "整改措施：请填写整改措施"));
        if (RectificationRules.ParseType(edit.Type) is null && !Enum.TryParse<RectificationType>(edit.Type, out _))
            errors.Add(new FieldError("type", "整改类型：请选择立行立改、限期整改或长期坚持"));
        if (!string.IsNullOrWhiteSpace(edit.Deadline) && ParseDate(edit.Deadline) is null)
            errors.Add(new FieldError("deadline", "完成时限：请输入日期，如 2027-03-31"));
        return errors;
    }

    internal static void Apply(RectificationLine line, LineEdit edit)
    {
        static string Text(string? value) => value?.Trim() ?? "";
        line.Category = Text(edit.Category);
        line.Goal = Text(edit.Goal);
        line.Measures = Text(edit.Measures);
        line.Type = RectificationRules.ParseType(edit.Type) ?? Enum.Parse<RectificationType>(edit.Type!);
        line.ResponsibleLeader = Text(edit.ResponsibleLeader);
        line.LeadUnit = Text(edit.LeadUnit);
        line.CooperatingUnits = Text(edit.CooperatingUnits);
        line.PersonInCharge = Text(edit.PersonInCharge);
        line.Deadline = string.IsNullOrWhiteSpace(edit.Deadline) ? null : ParseDate(edit.Deadline);
        line.Progress = Text(edit.Progress);
        line.CompletionEvidence = Text(edit.CompletionEvidence);
        line.Remarks = Text(edit.Remarks);
    }

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;

    private async Task<(RectificationLine? Line, Assessment? Assessment, AssessmentParty Party)> LoadLineAsync(AppDbContext db, ClaimsPrincipal user, long lineId,
        CancellationToken cancellationToken)
    {
        var line = await db.RectificationLines.FirstOrDefaultAsync(l => l.Id == lineId, cancellationToken);
        if (line is null) return (null, null, AssessmentParty.None);
        var (assessment, party) = await assessments.OpenAsync(user, line.AssessmentId, cancellationToken);
        return (line, party.CanRead ? assessment : null, party);
    }

    /// <summary>
    /// A line about to change: found, allowed for this user (a refusal is recorded) and still at the version the form
    /// showed; otherwise the answer to give instead.
    /// </summary>
    private async Task<(RectificationLine Line, CommandOutcome<RectificationLine>? Stop)> OpenForChangeAsync(AppDbContext db, ClaimsPrincipal user,
        long lineId, Guid expectedStamp, string action, Func<RectificationLine, Assessment, AssessmentParty, bool> allowed, CancellationToken cancellationToken)
    {
        var (line, assessment, party) = await LoadLineAsync(db, user, lineId, cancellationToken);
        if (line is null) return (null!, Invalid("line", "整改事项不存在"));
        if (assessment is null || !allowed(line, assessment, party))
        {
            await RefuseAsync(user, action, $"line {lineId}", cancellationToken);
            return (line, CommandOutcome<RectificationLine>.Denied);
        }

        return line.ConcurrencyStamp != expectedStamp ? (line, await ConflictAsync(line, cancellationToken)) : (line, null);
    }

    /// <summary>Saves, then tells the open pages (the plan's counts); a save that lost the race answers with the other person's line.</summary>
    private async Task<CommandOutcome<RectificationLine>> SaveAsync(AppDbContext db, RectificationLine line, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await db.Entry(line).ReloadAsync(cancellationToken);
            return await ConflictAsync(line, cancellationToken);
        }

        live.Publish(new LedgerChanged(line.PlanId, line.SchoolId));
        return CommandOutcome<RectificationLine>.Ok(line);
    }

    /// <summary>Someone saved the line first: their line, and who they are by 姓名 and when.</summary>
    private async Task<CommandOutcome<RectificationLine>> ConflictAsync(RectificationLine current, CancellationToken cancellationToken) =>
        CommandOutcome<RectificationLine>.Conflict(current,
            new FieldError("line", $"未保存：{await LastChangeAsync(current, cancellationToken)} 修改了此事项，请核对最新内容后再保存。"));

    private static CommandOutcome<RectificationLine> Invalid(string field, string message) =>
        CommandOutcome<RectificationLine>.Invalid(new FieldError(field, message));

    private static CommandOutcome<int> LedgerInvalid(IEnumerable<string> messages) =>
        CommandOutcome<int>.Invalid(0, [.. messages.Select(m => new FieldError("ledger", m))]);

    private async Task RefuseAsync(ClaimsPrincipal user, string action, string target, CancellationToken cancellationToken) =>
        await access.RecordRefusalAsync(await access.ScopeAsync(user, cancellationToken), action, target, cancellationToken);
}
