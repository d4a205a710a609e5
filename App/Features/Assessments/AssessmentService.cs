using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Assessments;

/// <summary>A member of the evaluation team: their login name (for the assignment form only) and their 姓名.</summary>
public sealed record EvaluationTeamMember(string UserName, string Name, bool IsLead);

public sealed record AssessmentRow(int Id, int SchoolId, string SchoolName, string StandardId, int Year, AssessmentState State);

/// <summary>
/// Starts assessments, moves them through their states and assigns evaluators. Every command checks who is
/// asking against the school tree and the assignments; every state change is in the audit trail with its reason.
/// </summary>
public sealed class AssessmentService(
    IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, SchoolStandards standards, UserManager<ApplicationUser> users,
    YearlyDataService yearlyData, PinnedStandards pinned, Standards.StandardLibrary library, TimeProvider clock, LiveUpdates live)
{
    public async Task<AssessmentParty> PartyAsync(ClaimsPrincipal user, Assessment assessment, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        return Party(scope, assessment, user.FindFirstValue(ClaimTypes.NameIdentifier));
    }

    private static AssessmentParty Party(UserScope scope, Assessment assessment, string? userId)
    {
        if (!scope.IsAuthenticated) return AssessmentParty.None;
        var member = scope.Role is AppRole.SchoolLeader or AppRole.SchoolStaff && scope.SchoolId == assessment.SchoolId;
        var assignment = assessment.Evaluators.FirstOrDefault(e => e.UserId == userId);
        return new AssessmentParty(
            Administrator: scope.IsAdministrator,
            SchoolLeader: member && scope.Role == AppRole.SchoolLeader,
            SchoolMember: member,
            Supervisor: scope.Role == AppRole.Supervisor && assessment.School is { } school && AccessRules.Allows(scope, SchoolAction.Edit, school),
            Evaluator: assignment is not null,
            LeadEvaluator: assignment?.IsLead == true);
    }

    /// <summary>Loads an assessment the user may read, or says why not (null and refused: recorded).</summary>
    public async Task<(Assessment? Assessment, AssessmentParty Party)> OpenAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assessment = await db.Assessments.AsNoTracking().Include(a => a.School).Include(a => a.Evaluators)
            .FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null) return (null, AssessmentParty.None);
        var scope = await access.ScopeAsync(user, cancellationToken);
        var party = Party(scope, assessment, user.FindFirstValue(ClaimTypes.NameIdentifier));
        if (!party.CanRead) await access.RecordRefusalAsync(scope, "read assessment", $"assessment {id}", cancellationToken);
        return (assessment, party);
    }

    /// <summary>The assessments a user may read: all, a subtree, their school's, or those they are assigned to.</summary>
    public async Task<Paged<AssessmentRow>> ListAsync(ClaimsPrincipal user, int? schoolId, int page, int pageSize = 30, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Readable(db, scope, userId).AsNoTracking();
        if (schoolId is { } sid) query = query.Where(a => a.SchoolId == sid);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.Year).ThenBy(a => a.School!.Path).ThenBy(a => a.StandardId)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize)
            .Select(a => new AssessmentRow(a.Id, a.SchoolId, a.School!.Name, a.StandardId, a.Year, a.State))
            .ToListAsync(cancellationToken);
        return new Paged<AssessmentRow>(rows, total, Math.Max(page, 1), pageSize);
    }

    /// <summary>
    /// The assessments a user may read, as a query the database answers: those of the schools they see
    /// (all, a subtree, their own) and those they are assigned to. The same rule as <see cref="AssessmentParty.CanRead"/>.
    /// </summary>
    internal static IQueryable<Assessment> Readable(AppDbContext db, UserScope scope, string? userId)
    {
        // A school's leader and staff read their own school's assessments only (a county leader sees its township
        // schools, not their assessments).
        var visibleSchools = scope.Role is AppRole.SchoolLeader or AppRole.SchoolStaff
            ? db.Schools.Where(s => s.Id == scope.SchoolId).Select(s => s.Id)
            : db.Schools.Visible(scope).Select(s => s.Id);
        return db.Assessments.Where(a => visibleSchools.Contains(a.SchoolId) || a.Evaluators.Any(e => e.UserId == userId));
    }

    /// <summary>Whether the user may start assessments for the school (its leader, a supervisor over it, an administrator).</summary>
    public async Task<bool> MayStartAsync(ClaimsPrincipal user, School school, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        return scope.IsAdministrator
            || (scope.Role == AppRole.Supervisor && AccessRules.Allows(scope, SchoolAction.Edit, school))
            || (scope.Role == AppRole.SchoolLeader && scope.SchoolId == school.Id);
    }

    public async Task<CommandOutcome<Assessment>> StartAsync(ClaimsPrincipal user, int schoolId, string standardId, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, cancellationToken);
        if (school is null) return CommandOutcome<Assessment>.Invalid(new FieldError("school", "党校不存在"));
        if (!await MayStartAsync(user, school, cancellationToken))
        {
            await access.RecordRefusalAsync(await access.ScopeAsync(user, cancellationToken), "start assessment", $"school {schoolId}", cancellationToken);
            return CommandOutcome<Assessment>.Denied;
        }

        if (standards.For(school.Level).All(s => s.Id != standardId)) return CommandOutcome<Assessment>.Invalid(new FieldError("standardId", "该标准不适用于本级党校"));
        if (year is < 2000 or > 2100) return CommandOutcome<Assessment>.Invalid(new FieldError("year", "年度应在 2000–2100 之间"));
        if (await db.Assessments.AnyAsync(a => a.SchoolId == schoolId && a.StandardId == standardId && a.Year == year, cancellationToken))
            return CommandOutcome<Assessment>.Invalid(new FieldError("year", $"{year} 年该标准的评估已存在"));

        var assessment = New(user, schoolId, standardId, await VersionInForceAsync(db, standardId, cancellationToken), year);
        db.Assessments.Add(assessment);
        db.AuditReason = "开始评估";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Started twice at once: the unique index keeps one; the second is told, never a 500.
            return CommandOutcome<Assessment>.Conflict(null, new FieldError("year", $"{year} 年该标准的评估已由他人同时开始，请刷新后查看"));
        }

        return Committed(assessment);
    }

    /// <summary>The version an assessment starting now is pinned to: the newest text recorded for the standard.</summary>
    internal static Task<int> VersionInForceAsync(AppDbContext db, string standardId, CancellationToken cancellationToken) =>
        db.StandardVersions.Where(v => v.StandardId == standardId).OrderByDescending(v => v.Id).Select(v => v.Id).FirstAsync(cancellationToken);

    /// <summary>A new assessment in self-assessment, pinned to <paramref name="versionId"/>; the caller adds and saves it.</summary>
    internal Assessment New(ClaimsPrincipal user, int schoolId, string standardId, int versionId, int year) => new()
    {
        SchoolId = schoolId, StandardId = standardId, StandardVersionId = versionId, Year = year,
        CreatedAtUtc = clock.GetUtcNow().UtcDateTime, CreatedBy = user.Identity?.Name ?? "",
    };

    /// <summary>
    /// Moves the assessment by a command. <paramref name="confirmed"/> is the user's explicit confirmation;
    /// a reopen needs a reason and the feedback needs the conclusions (<paramref name="text"/>).
    /// </summary>
    public async Task<CommandOutcome<Assessment>> GiveAsync(ClaimsPrincipal user, int id, AssessmentCommand command, Guid stamp, bool confirmed, string? text,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assessment = await db.Assessments.Include(a => a.School).Include(a => a.Evaluators).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null) return CommandOutcome<Assessment>.Invalid(new FieldError("assessment", "评估不存在"));
        var scope = await access.ScopeAsync(user, cancellationToken);
        var party = Party(scope, assessment, user.FindFirstValue(ClaimTypes.NameIdentifier));
        if (!AssessmentWorkflow.MayGive(command, party))
        {
            await access.RecordRefusalAsync(scope, command.ToString(), $"assessment {id}", cancellationToken);
            return CommandOutcome<Assessment>.Denied;
        }

        if (AssessmentWorkflow.Target(command, assessment.State) is not { } target)
            return CommandOutcome<Assessment>.Invalid(new FieldError("command", $"评估当前为“{assessment.State.Name()}”，不能{command.Name()}"));
        if (assessment.ConcurrencyStamp != stamp)
            return CommandOutcome<Assessment>.Conflict(assessment, new FieldError("command", "他人已更改了此评估的状态，请刷新后再操作"));
        if (command == AssessmentCommand.IssueFeedback)
        {
            // The official result is decided, never defaulted: every item needs its final score first.
            var standard = await pinned.GetAsync(assessment.StandardVersionId, cancellationToken);
            var finals = await db.ItemScores.AsNoTracking().Where(s => s.AssessmentId == id && s.Kind == ScoreKind.Final).ToListAsync(cancellationToken);
            if (FinalProposals.FeedbackRefusal(FinalProposals.Missing(standard, finals)) is { } refusal) return CommandOutcome<Assessment>.Invalid(new FieldError("finals", refusal));
        }

        if (command == AssessmentCommand.Close && await OpenLinesRefusalAsync(db, id, cancellationToken) is { } openLines)
            return CommandOutcome<Assessment>.Invalid(new FieldError("ledger", openLines));

        if (!confirmed) return CommandOutcome<Assessment>.Invalid(new FieldError("confirm", $"请勾选确认后再{command.Name()}"));
        text = text?.Trim();
        if (AssessmentWorkflow.RequiresReason(command) && string.IsNullOrEmpty(text)) return CommandOutcome<Assessment>.Invalid(new FieldError("text", "退回重开必须填写理由"));
        if (command == AssessmentCommand.IssueFeedback && string.IsNullOrEmpty(text)) return CommandOutcome<Assessment>.Invalid(new FieldError("text", "请填写评估组的反馈意见"));
        if (command == AssessmentCommand.StartOnSite && !assessment.Evaluators.Any(e => e.IsLead))
            return CommandOutcome<Assessment>.Invalid(new FieldError("evaluators", "请先指派评估专家并指定组长"));

        if (command == AssessmentCommand.Submit) assessment.SubmittedData = await SnapshotAsync(assessment, cancellationToken);
        if (command == AssessmentCommand.IssueFeedback)
        {
            assessment.Conclusion = text;
            var final = await FinalResultAsync(db, assessment, cancellationToken);
            (assessment.FinalTotal, assessment.FinalGrade) = (final.Total, final.Grade.Code);
        }
        if (command == AssessmentCommand.Reopen && assessment.State == AssessmentState.FeedbackIssued)
            (assessment.FinalTotal, assessment.FinalGrade) = (null, null); // the issued result no longer stands; a new feedback sets it again
        assessment.State = target;
        assessment.ConcurrencyStamp = Guid.NewGuid();
        db.Entry(assessment).Property(a => a.ConcurrencyStamp).OriginalValue = stamp;
        db.AuditReason = string.IsNullOrEmpty(text) ? command.Name() : $"{command.Name()}：{text}";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandOutcome<Assessment>.Conflict(null, new FieldError("command", "他人已更改了此评估的状态，请刷新后再操作"));
        }

        return Committed(assessment);
    }

    /// <summary>Why the assessment cannot be closed yet: the ledger lines not 已销号, named with their status; null when all are.</summary>
    private static async Task<string?> OpenLinesRefusalAsync(AppDbContext db, int assessmentId, CancellationToken cancellationToken)
    {
        var open = await db.RectificationLines.AsNoTracking()
            .Where(l => l.AssessmentId == assessmentId && l.Status != Rectification.RectificationStatus.Closed)
            .OrderBy(l => l.Position).Select(l => new { l.ItemCode, l.ItemName, l.Status }).ToListAsync(cancellationToken);
        return open.Count == 0 ? null
            : $"还有 {open.Count} 项整改事项未销号，不能验收销号：{string.Join("、", open.Select(l => $"{l.ItemCode} {l.ItemName}（{Rectification.RectificationRules.Name(l.Status)}）"))}。";
    }

    /// <summary>The ledger's lines by status (未启动, 推进中, 已完成, 已销号), every status listed, and how many are overdue.</summary>
    public async Task<(IReadOnlyList<(Rectification.RectificationStatus Status, int Count)> ByStatus, int Overdue)> LedgerCountsAsync(int assessmentId,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lines = await db.RectificationLines.AsNoTracking().Where(l => l.AssessmentId == assessmentId).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        return (Enum.GetValues<Rectification.RectificationStatus>().Select(s => (s, lines.Count(l => l.Status == s))).ToList(),
            lines.Count(l => Rectification.RectificationRules.IsOverdue(l, today)));
    }

    /// <summary>Assigns the evaluation team: evaluators by user name, one of them the lead.</summary>
    public async Task<CommandOutcome<Assessment>> AssignAsync(ClaimsPrincipal user, int id, IReadOnlyList<string> userNames, string? lead, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assessment = await db.Assessments.Include(a => a.School).Include(a => a.Evaluators).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null) return CommandOutcome<Assessment>.Invalid(new FieldError("assessment", "评估不存在"));
        var scope = await access.ScopeAsync(user, cancellationToken);
        var party = Party(scope, assessment, user.FindFirstValue(ClaimTypes.NameIdentifier));
        if (!party.Administrator && !party.Supervisor)
        {
            await access.RecordRefusalAsync(scope, "assign evaluators", $"assessment {id}", cancellationToken);
            return CommandOutcome<Assessment>.Denied;
        }

        if (assessment.State is not (AssessmentState.SelfAssessment or AssessmentState.Submitted or AssessmentState.OnSite))
            return CommandOutcome<Assessment>.Invalid(new FieldError("evaluators", "反馈意见出具后不能再调整评估组"));
        var names = userNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        if (names.Count == 0) return CommandOutcome<Assessment>.Invalid(new FieldError("evaluators", "请至少指派一名评估专家"));
        if (lead is null || !names.Contains(lead)) return CommandOutcome<Assessment>.Invalid(new FieldError("lead", "请从评估专家中指定组长"));

        var team = new List<AssessmentEvaluator>();
        foreach (var name in names)
        {
            var evaluator = await users.FindByNameAsync(name);
            if (evaluator is null || !await users.IsInRoleAsync(evaluator, AppRole.Evaluator))
                return CommandOutcome<Assessment>.Invalid(new FieldError("evaluators", $"{name} 不是评估专家账号"));
            team.Add(new AssessmentEvaluator { AssessmentId = id, UserId = evaluator.Id, IsLead = name == lead });
        }

        assessment.Evaluators.Clear();
        assessment.Evaluators.AddRange(team);
        assessment.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = $"评估组:{string.Join("、", names)}(组长 {lead})";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two teams sent at once (a stale stamp, or the same member added twice): the first stands.
            return CommandOutcome<Assessment>.Conflict(null, new FieldError("evaluators", "评估组已被他人同时修改，请刷新后查看最新的评估组"));
        }

        return Committed(assessment);
    }

    /// <summary>Tells open pages after a commit: the assessment's scores and state, and its round's progress.</summary>
    private CommandOutcome<Assessment> Committed(Assessment assessment)
    {
        live.Publish(new AssessmentScoresChanged(assessment.Id, assessment.SchoolId));
        if (assessment.RoundId is { } roundId) live.Publish(new RoundProgressChanged(roundId));
        return CommandOutcome<Assessment>.Ok(assessment);
    }

    /// <summary>The team by 姓名, lead first, as documents name them (never a login name).</summary>
    public async Task<IReadOnlyList<(string Name, bool IsLead)>> TeamAsync(Assessment assessment, CancellationToken cancellationToken = default) =>
        (await TeamMembersAsync(assessment, cancellationToken)).Select(m => (m.Name, m.IsLead)).ToList();

    /// <summary>The team, lead first: login names (for the assignment form) and 姓名 (for everything people read).</summary>
    public async Task<IReadOnlyList<EvaluationTeamMember>> TeamMembersAsync(Assessment assessment, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = assessment.Evaluators.Select(e => e.UserId).ToList();
        var users = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.UserName, u.DisplayName }, cancellationToken);
        return assessment.Evaluators.OrderByDescending(e => e.IsLead).Select(e => users.GetValueOrDefault(e.UserId) is { } u
            ? new EvaluationTeamMember(u.UserName ?? "", u.DisplayName.Length > 0 ? u.DisplayName : u.UserName ?? "", e.IsLead)
            : new EvaluationTeamMember("", "?", e.IsLead)).ToList();
    }

    /// <summary>The lead evaluator's final scores on the submitted data, through the engine.</summary>
    private async Task<Scoring.ScoreResult> FinalResultAsync(AppDbContext db, Assessment assessment, CancellationToken cancellationToken)
    {
        var standard = await pinned.GetAsync(assessment.StandardVersionId, cancellationToken);
        var finals = await db.ItemScores.AsNoTracking().Where(s => s.AssessmentId == assessment.Id && s.Kind == ScoreKind.Final).ToListAsync(cancellationToken);
        var indicators = Scoring.ScoringJson.ReadInput(assessment.SubmittedData ?? "{}");
        return Scoring.ScoringEngine.Score(standard, library.Indicators, AssessmentScoring.Input(standard, indicators, finals));
    }

    private async Task<string> SnapshotAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        var values = await yearlyData.LoadAsync(assessment.SchoolId, assessment.Year, cancellationToken);
        var indicators = values.ToDictionary(v => v.Key, v => v.Value.Value.Flag is { } f ? (object)f : v.Value.Value.Number!.Value);
        return JsonSerializer.Serialize(new { indicators });
    }
}
