using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Assessments;

/// <summary>What a party enters for one item.</summary>
public sealed record ScoreEntry(string? Level, decimal? Judged, decimal? OverrideScore, string? OverrideReason, string? Comment);

/// <summary>Everything an item view shows: the standard as pinned, the submitted data, every party's scores and results.</summary>
public sealed record AssessmentBoard(
    Assessment Assessment,
    Standard Standard,
    AssessmentParty Party,
    string? UserId,
    SchoolData Indicators,
    IReadOnlyList<ItemScore> Scores,
    IReadOnlyDictionary<string, string> EvaluatorNames,
    IReadOnlyList<EvidenceFile> Evidence)
{
    public IEnumerable<ItemScore> Of(ScoreKind kind, string scorer = "") => Scores.Where(s => s.Kind == kind && s.Scorer == scorer);

    // Each party's result is scored once per board, not once per item card that shows it.
    private readonly Dictionary<(ScoreKind, string), ScoreResult> _results = [];

    public ScoreResult ResultOf(ScoreKind kind, string scorer, IndicatorCatalog catalog)
    {
        if (!_results.TryGetValue((kind, scorer), out var result))
        {
            result = ScoringEngine.Score(Standard, catalog, AssessmentScoring.Input(Standard, Indicators, Of(kind, scorer)));
            _results[(kind, scorer)] = result;
        }

        return result;
    }

    private IReadOnlyList<FinalProposal>? _proposals;

    /// <summary>The lead's proposal for each item, from the evaluators' scores (<see cref="FinalProposals"/>).</summary>
    public IReadOnlyList<FinalProposal> Proposals(IndicatorCatalog catalog) => _proposals ??= FinalProposals.For(Standard, catalog, Indicators,
        Assessment.Evaluators.OrderByDescending(e => e.IsLead).Select(e => (e.UserId, EvaluatorNames.GetValueOrDefault(e.UserId, "?"))).ToList(), Scores);

    public FinalProposal ProposalOf(string itemCode, IndicatorCatalog catalog) => Proposals(catalog).First(p => p.Code == itemCode);

    /// <summary>The evaluators' written findings on an item (评估意见): the final one first, then each evaluator's.</summary>
    public IReadOnlyList<ItemFinding> FindingsOf(string itemCode) => Findings.Of(this, itemCode);
}

/// <summary>
/// The school's self-assessment, each evaluator's scores and the lead evaluator's final ones. Who may write
/// which follows the assessment's state and the team; two people saving one item never overwrite each other.
/// </summary>
public sealed class ItemScoringService(
    IDbContextFactory<AppDbContext> dbFactory, AssessmentService assessments, PinnedStandards pinned, StandardLibrary library,
    YearlyDataService yearlyData, SchoolAccess access, TimeProvider clock, LiveUpdates live)
{
    public async Task<AssessmentBoard?> BoardAsync(ClaimsPrincipal user, int assessmentId, CancellationToken cancellationToken = default)
    {
        var (assessment, party) = await assessments.OpenAsync(user, assessmentId, cancellationToken);
        return assessment is null || !party.CanRead ? null : await BoardAsync(user, assessment, party, cancellationToken);
    }

    /// <summary>The board of an assessment the caller has already opened (and checked) for this user.</summary>
    public async Task<AssessmentBoard> BoardAsync(ClaimsPrincipal user, Assessment assessment, AssessmentParty party, CancellationToken cancellationToken = default)
    {
        var assessmentId = assessment.Id;
        var standard = await pinned.GetAsync(assessment.StandardVersionId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scores = await db.ItemScores.AsNoTracking().Where(s => s.AssessmentId == assessmentId).ToListAsync(cancellationToken);
        var evaluatorIds = assessment.Evaluators.Select(e => e.UserId).ToList();
        var names = await db.Users.Where(u => evaluatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.UserName ?? "", cancellationToken);
        var evidence = await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == assessmentId && e.Purpose == EvidencePurpose.Assessment).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return new AssessmentBoard(assessment, standard, party, user.FindFirstValue(ClaimTypes.NameIdentifier),
            await IndicatorsAsync(assessment, cancellationToken), scores, names, evidence);
    }

    /// <summary>What the evaluators score: the data as submitted, or the live yearly data before submission.</summary>
    private async Task<SchoolData> IndicatorsAsync(Assessment assessment, CancellationToken cancellationToken) =>
        assessment.SubmittedData is { } submitted
            ? ScoringJson.ReadInput(submitted)
            : YearlyDataService.ToSchoolData(await yearlyData.LoadAsync(assessment.SchoolId, assessment.Year, cancellationToken));

    /// <summary>
    /// Saves one party's score of one item. A conflict names who saved first and what (by 姓名, never a login name)
    /// and carries the stored row, whose stamp lets the user save again knowingly.
    /// </summary>
    /// <param name="inputErrors">Fields the page could not read (a number that is not one): answered only after the access check.</param>
    public async Task<CommandOutcome<ItemScore>> SaveAsync(ClaimsPrincipal user, int assessmentId, string itemCode, ScoreKind kind, ScoreEntry entry, Guid? expectedStamp,
        IReadOnlyList<FieldError>? inputErrors = null, CancellationToken cancellationToken = default)
    {
        var (assessment, party) = await assessments.OpenAsync(user, assessmentId, cancellationToken);
        if (assessment is null) return CommandOutcome<ItemScore>.Invalid(new FieldError("assessment", "评估不存在"));
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var allowed = kind switch
        {
            ScoreKind.Self => (party.SchoolMember || party.Administrator) && AssessmentWorkflow.SchoolMayEdit(assessment.State),
            ScoreKind.Evaluator => party.Evaluator && AssessmentWorkflow.EvaluatorsMayScore(assessment.State),
            ScoreKind.Final => (party.LeadEvaluator || party.Administrator) && AssessmentWorkflow.EvaluatorsMayScore(assessment.State),
            _ => false,
        };
        if (!allowed)
        {
            await access.RecordRefusalAsync(await access.ScopeAsync(user, cancellationToken), $"score {kind}", $"assessment {assessmentId} item {itemCode}", cancellationToken);
            return CommandOutcome<ItemScore>.Denied;
        }

        if (inputErrors is { Count: > 0 }) return CommandOutcome<ItemScore>.Invalid([.. inputErrors]);
        var standard = await pinned.GetAsync(assessment.StandardVersionId, cancellationToken);
        if (standard.FindItem(itemCode) is not { } item) return CommandOutcome<ItemScore>.Invalid(new FieldError("item", $"没有评估项目 {itemCode}"));
        if (kind == ScoreKind.Final && entry.OverrideScore is null)
        {
            // An empty override box never drops the team's override: it is carried with its reason.
            var proposal = (await BoardAsync(user, assessment, party, cancellationToken)).ProposalOf(itemCode, library.Indicators);
            if (proposal.OverrideScore is { } carried && proposal.Scores.Any(s => s.Row?.OverrideScore is not null))
                entry = entry with { OverrideScore = carried, OverrideReason = proposal.OverrideReason };
        }

        var errors = Validate(standard, item, kind, entry);
        if (errors.Count > 0) return CommandOutcome<ItemScore>.Invalid([.. errors]);

        var scorer = kind == ScoreKind.Evaluator ? userId : "";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ItemScores.FirstOrDefaultAsync(
            s => s.AssessmentId == assessmentId && s.ItemCode == itemCode && s.Kind == kind && s.Scorer == scorer, cancellationToken);
        if (row?.ConcurrencyStamp != expectedStamp) return await ConflictAsync(row, item, cancellationToken);

        if (row is null)
        {
            row = new ItemScore { AssessmentId = assessmentId, SchoolId = assessment.SchoolId, ItemCode = itemCode, Kind = kind, Scorer = scorer };
            db.ItemScores.Add(row);
        }
        else
        {
            db.Entry(row).Property(r => r.ConcurrencyStamp).OriginalValue = expectedStamp!.Value;
        }

        row.Level = item.Rule is GradedRule ? Blank(entry.Level) : null;
        row.Judged = item.Rule is JudgementRule ? entry.Judged : null;
        row.OverrideScore = entry.OverrideScore;
        row.OverrideReason = entry.OverrideScore is null ? null : entry.OverrideReason?.Trim();
        row.Comment = Blank(entry.Comment?.Trim());
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = user.Identity?.Name ?? "";
        row.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = row.OverrideReason;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.ItemScores.AsNoTracking().FirstOrDefaultAsync(
                s => s.AssessmentId == assessmentId && s.ItemCode == itemCode && s.Kind == kind && s.Scorer == scorer, cancellationToken);
            return await ConflictAsync(current, item, cancellationToken);
        }

        live.Publish(new AssessmentScoresChanged(assessmentId, assessment.SchoolId));
        return CommandOutcome<ItemScore>.Ok(row);
    }

    private async Task<CommandOutcome<ItemScore>> ConflictAsync(ItemScore? current, Item item, CancellationToken cancellationToken)
    {
        return CommandOutcome<ItemScore>.Conflict(current, new FieldError("stamp", await DescribeConflictAsync(current, item, cancellationToken)));
    }

    /// <summary>Who last saved a score, by 姓名 and role, and what they saved: for a conflict message.</summary>
    public async Task<string> DescribeConflictAsync(ItemScore? current, Item item, CancellationToken cancellationToken = default)
    {
        if (current is null) return "未保存：此项的评分已被他人删除或尚未保存，请核对后再保存。您填写的内容保留在下方。";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var who = (await PeopleNames.OfAsync(db, [current.UpdatedBy], cancellationToken: cancellationToken)).GetValueOrDefault(current.UpdatedBy, "他人");
        var at = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(current.UpdatedAtUtc, DateTimeKind.Utc), clock.LocalTimeZone).ToString("yyyy-MM-dd HH:mm");
        var value = string.Join("；", new[]
        {
            current.Level is { } level && item.Rule is GradedRule graded ? $"等级 {level}（{graded.Levels.FirstOrDefault(l => l.Code == level)?.Name}）" : null,
            current.Judged is { } judged ? $"评分 {NumberText.Of(judged)}" : null,
            current.OverrideScore is { } o ? $"调整得分 {NumberText.Of(o)}（{current.OverrideReason}）" : null,
            current.Comment is { Length: > 0 } comment ? $"意见：{comment}" : null,
        }.Where(x => x is not null));
        return $"未保存：{who} 已于 {at} 修改了此项（其内容：{(value.Length == 0 ? "无" : value)}）。您填写的内容保留在下方，核对后再次保存即以您的为准。";
    }

    /// <summary>
    /// Stores every agreed proposal as the final score of the items the lead has not decided yet (the team's override
    /// and its reason carried), in one transaction. Its value is how many items were decided.
    /// </summary>
    public async Task<CommandOutcome<int>> AcceptAgreedAsync(ClaimsPrincipal user, int assessmentId, CancellationToken cancellationToken = default)
    {
        var (assessment, party) = await assessments.OpenAsync(user, assessmentId, cancellationToken);
        if (assessment is null || !(party.LeadEvaluator || party.Administrator) || !AssessmentWorkflow.EvaluatorsMayScore(assessment.State))
        {
            await access.RecordRefusalAsync(await access.ScopeAsync(user, cancellationToken), "accept agreed final scores", $"assessment {assessmentId}", cancellationToken);
            return CommandOutcome<int>.Denied;
        }

        var board = await BoardAsync(user, assessment, party, cancellationToken);
        var decided = board.Of(ScoreKind.Final).Where(f => FinalProposals.HasScore(board.Standard.FindItem(f.ItemCode)!, f)).Select(f => f.ItemCode).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var finals = await db.ItemScores.Where(s => s.AssessmentId == assessmentId && s.Kind == ScoreKind.Final).ToDictionaryAsync(s => s.ItemCode, cancellationToken);
        var count = 0;
        foreach (var proposal in board.Proposals(library.Indicators).Where(p => p.Agreed && !decided.Contains(p.Code)))
        {
            if (!finals.TryGetValue(proposal.Code, out var row))
            {
                row = new ItemScore { AssessmentId = assessmentId, SchoolId = assessment.SchoolId, ItemCode = proposal.Code, Kind = ScoreKind.Final, Scorer = "" };
                db.ItemScores.Add(row);
            }

            (row.Level, row.Judged, row.OverrideScore, row.OverrideReason) = (proposal.Level, proposal.Judged, proposal.OverrideScore, proposal.OverrideReason);
            row.UpdatedAtUtc = now;
            row.UpdatedBy = user.Identity?.Name ?? "";
            row.ConcurrencyStamp = Guid.NewGuid();
            count++;
        }

        db.AuditReason = "采纳评委一致的评分";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone decided an item meanwhile: nothing of this batch was saved.
            return CommandOutcome<int>.Conflict(0, new FieldError("finals", "组长核定已被同时修改，本次未采纳任何评分，请刷新后再试。"));
        }

        live.Publish(new AssessmentScoresChanged(assessmentId, assessment.SchoolId));
        return CommandOutcome<int>.Ok(count);
    }

    /// <summary>The engine's own validation of a judgement and an override (SCORING.md §4, §6), by form field.</summary>
    private IReadOnlyList<FieldError> Validate(Standard standard, Item item, ScoreKind kind, ScoreEntry entry)
    {
        var errors = new List<FieldError>();
        if (kind == ScoreKind.Self && entry.OverrideScore is not null) errors.Add(new("override", "自评不能调整得分"));
        if (entry.OverrideScore is not null && string.IsNullOrWhiteSpace(entry.OverrideReason)) errors.Add(new("overrideReason", "调整得分必须填写理由"));
        if (entry.Comment?.Length > 2000) errors.Add(new("comment", "意见不能超过2000字"));

        var judgements = new Dictionary<string, Judgement>();
        if (item.Rule is GradedRule && Blank(entry.Level) is { } level) judgements[item.Code] = Judgement.OfLevel(level);
        if (item.Rule is JudgementRule && entry.Judged is { } judged) judgements[item.Code] = Judgement.OfScore(judged);
        var overrides = new Dictionary<string, ScoreOverride>();
        if (entry.OverrideScore is { } value) overrides[item.Code] = new ScoreOverride(value, entry.OverrideReason ?? "x");
        var data = SchoolData.Empty with { Judgements = judgements, Overrides = overrides };
        foreach (var error in SchoolDataValidator.Validate(standard, library.Indicators, data))
            errors.Add(new(error.Key.StartsWith("overrides.", StringComparison.Ordinal) ? "override" : item.Rule is GradedRule ? "level" : "judged", error.Message));
        return errors;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
