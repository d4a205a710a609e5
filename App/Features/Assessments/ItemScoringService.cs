using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Assessments;

/// <summary>What a party enters for one item.</summary>
public sealed record ScoreEntry(string? Level, decimal? Judged, decimal? OverrideScore, string? OverrideReason, string? Comment);

/// <summary>The outcome of saving one item's score: saved, refused, invalid (by field), or a conflict with what is stored.</summary>
public sealed record ScoreSave(ItemScore? Saved, IReadOnlyList<FieldError> Errors, bool Refused = false, bool Conflicted = false, ItemScore? Current = null)
{
    public bool Succeeded => Errors.Count == 0 && !Refused && !Conflicted;
}

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
}

/// <summary>
/// The school's self-assessment, each evaluator's scores and the lead evaluator's final ones. Who may write
/// which follows the assessment's state and the team; two people saving one item never overwrite each other.
/// </summary>
public sealed class ItemScoringService(
    IDbContextFactory<AppDbContext> dbFactory, AssessmentService assessments, PinnedStandards pinned, StandardLibrary library,
    YearlyDataService yearlyData, SchoolAccess access, TimeProvider clock)
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
        var names = await db.Users.Where(u => evaluatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", cancellationToken);
        var evidence = await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == assessmentId && e.Purpose == EvidencePurpose.Assessment).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return new AssessmentBoard(assessment, standard, party, user.FindFirstValue(ClaimTypes.NameIdentifier),
            await IndicatorsAsync(assessment, cancellationToken), scores, names, evidence);
    }

    /// <summary>What the evaluators score: the data as submitted, or the live yearly data before submission.</summary>
    private async Task<SchoolData> IndicatorsAsync(Assessment assessment, CancellationToken cancellationToken) =>
        assessment.SubmittedData is { } submitted
            ? ScoringJson.ReadInput(submitted)
            : YearlyDataService.ToSchoolData(await yearlyData.LoadAsync(assessment.SchoolId, assessment.Year, cancellationToken));

    /// <param name="inputErrors">Fields the endpoint could not read (a number that is not one): answered only after the access check.</param>
    public async Task<ScoreSave> SaveAsync(ClaimsPrincipal user, int assessmentId, string itemCode, ScoreKind kind, ScoreEntry entry, Guid? expectedStamp,
        IReadOnlyList<FieldError>? inputErrors = null, CancellationToken cancellationToken = default)
    {
        var (assessment, party) = await assessments.OpenAsync(user, assessmentId, cancellationToken);
        if (assessment is null) return new ScoreSave(null, [new FieldError("assessment", "评估不存在")]);
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
            return new ScoreSave(null, [], Refused: true);
        }

        if (inputErrors is { Count: > 0 }) return new ScoreSave(null, inputErrors);
        var standard = await pinned.GetAsync(assessment.StandardVersionId, cancellationToken);
        if (standard.FindItem(itemCode) is not { } item) return new ScoreSave(null, [new FieldError("item", $"没有评估项目 {itemCode}")]);
        var errors = Validate(standard, item, kind, entry);
        if (errors.Count > 0) return new ScoreSave(null, errors);

        var scorer = kind == ScoreKind.Evaluator ? userId : "";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ItemScores.FirstOrDefaultAsync(
            s => s.AssessmentId == assessmentId && s.ItemCode == itemCode && s.Kind == kind && s.Scorer == scorer, cancellationToken);
        if (row?.ConcurrencyStamp != expectedStamp) return new ScoreSave(null, [], Conflicted: true, Current: row);

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
            return new ScoreSave(null, [], Conflicted: true, Current: current);
        }

        return new ScoreSave(row, []);
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
