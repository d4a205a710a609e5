using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Rounds;

/// <summary>
/// Evaluation rounds: created and run by a supervisor over its subtree (or an administrator); the schools
/// of a round are read by whoever may read their assessments. Every command checks the user, validates,
/// and writes in one SaveChanges (one transaction); the round and each assessment carry a concurrency stamp.
/// </summary>
public sealed class RoundService(
    IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, SchoolStandards standards, StandardLibrary library,
    AssessmentService assessments, UserManager<ApplicationUser> users, TimeProvider clock)
{
    public const int PageSize = 50;

    private const string RoundConflict = "他人已更改了此评估轮次,请刷新后再操作";

    /// <summary>Whether the user may create rounds at all (an administrator, or a supervisor bound to a school).</summary>
    public async Task<bool> MayCreateAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        MayCreate(await access.ScopeAsync(user, cancellationToken));

    private static bool MayCreate(UserScope scope) => scope.IsAdministrator || (scope.Role == AppRole.Supervisor && scope.SchoolPath is not null);

    /// <summary>The schools the user may run a round for: those it manages that can have schools under them.</summary>
    public async Task<IReadOnlyList<School>> OwnerChoicesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        if (!MayCreate(scope)) return [];
        var supervising = Enum.GetValues<SchoolLevel>().Where(l => Enum.GetValues<SchoolLevel>().Any(c => c.MayBeUnder(l))).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Schools.AsNoTracking().Visible(scope).Where(s => supervising.Contains(s.Level))
            .OrderBy(s => s.Path).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the user may open the new-round form for this owner (null: any owner). A refusal is recorded.
    /// </summary>
    public async Task<bool> CheckCreateAsync(ClaimsPrincipal user, School? owner, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        if (owner is not null) return await access.CheckAsync(scope, SchoolAction.ManageRounds, owner, cancellationToken);
        if (MayCreate(scope)) return true;
        await access.RecordRefusalAsync(scope, "create round", "rounds", cancellationToken);
        return false;
    }

    public async Task<CommandOutcome<EvaluationRound>> CreateAsync(ClaimsPrincipal user, RoundDetails details, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        if (!MayCreate(scope))
        {
            await access.RecordRefusalAsync(scope, "create round", $"school {details.OwnerSchoolId}", cancellationToken);
            return CommandOutcome<EvaluationRound>.Denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = details.OwnerSchoolId is { } ownerId ? await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == ownerId, cancellationToken) : null;
        // Access first: someone outside the owner's subtree learns nothing from the validation of the rest.
        if (owner is not null && !await access.CheckAsync(scope, SchoolAction.ManageRounds, owner, cancellationToken)) return CommandOutcome<EvaluationRound>.Denied;

        var errors = Validate(details, owner).ToList();
        if (errors.Count > 0) return CommandOutcome<EvaluationRound>.Invalid([.. errors]);

        var round = new EvaluationRound
        {
            Name = details.Name!.Trim(), StandardId = details.StandardId!, Year = details.Year!.Value, OwnerSchoolId = owner!.Id,
            StartsOn = details.StartsOn!.Value, EndsOn = details.EndsOn!.Value, Notes = string.IsNullOrWhiteSpace(details.Notes) ? null : details.Notes.Trim(),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime, CreatedBy = user.Identity?.Name ?? "",
        };
        db.EvaluationRounds.Add(round);
        db.AuditReason = "创建评估轮次";
        await db.SaveChangesAsync(cancellationToken);
        return CommandOutcome<EvaluationRound>.Ok(round);
    }

    /// <summary>Loads a round with what the user may do with it; a user who may not read it is recorded.</summary>
    public async Task<(EvaluationRound? Round, RoundAccess Access)> OpenAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var round = await db.EvaluationRounds.AsNoTracking().Include(r => r.OwnerSchool).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (round is null) return (null, RoundAccess.None);
        var scope = await access.ScopeAsync(user, cancellationToken);
        var manage = AccessRules.Allows(scope, SchoolAction.ManageRounds, round.OwnerSchool!);
        var read = manage || await InRound(db, scope, user, id).AnyAsync(cancellationToken);
        if (!read) await access.RecordRefusalAsync(scope, "read round", $"round {id}", cancellationToken);
        return (round, new RoundAccess(manage, read));
    }

    /// <summary>
    /// The rounds a user may see: those run by a school it manages (an administrator: all), and those holding
    /// an assessment it may read (its school's, its subtree's, one it is assigned to).
    /// </summary>
    public Task<Paged<RoundRow>> ListAsync(ClaimsPrincipal user, int page, int pageSize = 30, CancellationToken cancellationToken = default) =>
        ListAsync(user, new RoundListQuery(page, pageSize), cancellationToken);

    /// <summary>One page of the rounds the user may see, searched by name or organiser and sorted as the grid asks.</summary>
    public async Task<Paged<RoundRow>> ListAsync(ClaimsPrincipal user, RoundListQuery list, CancellationToken cancellationToken = default)
    {
        var (page, pageSize) = (list.Page, Math.Clamp(list.PageSize, 1, 100));
        var scope = await access.ScopeAsync(user, cancellationToken);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var readable = AssessmentService.Readable(db, scope, userId);
        var query = db.EvaluationRounds.AsNoTracking();
        if (!scope.IsAdministrator)
        {
            var managed = scope.Role == AppRole.Supervisor ? db.Schools.Visible(scope).Select(s => s.Id) : db.Schools.Where(_ => false).Select(s => s.Id);
            query = query.Where(r => managed.Contains(r.OwnerSchoolId) || readable.Any(a => a.RoundId == r.Id));
        }

        if (!string.IsNullOrWhiteSpace(list.Search))
        {
            var term = list.Search.Trim();
            query = query.Where(r => r.Name.Contains(term) || r.OwnerSchool!.Name.Contains(term));
        }

        var total = await query.CountAsync(cancellationToken);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var ordered = (list.Sort, list.Descending) switch
        {
            (RoundSort.Name, false) => query.OrderBy(r => r.Name).ThenByDescending(r => r.Id),
            (RoundSort.Name, true) => query.OrderByDescending(r => r.Name).ThenByDescending(r => r.Id),
            (RoundSort.StartsOn, false) => query.OrderBy(r => r.StartsOn).ThenBy(r => r.Id),
            (RoundSort.StartsOn, true) => query.OrderByDescending(r => r.StartsOn).ThenByDescending(r => r.Id),
            (_, false) => query.OrderBy(r => r.Year).ThenBy(r => r.StartsOn).ThenBy(r => r.Id),
            _ => query.OrderByDescending(r => r.Year).ThenByDescending(r => r.StartsOn).ThenByDescending(r => r.Id),
        };
        var rows = await ordered
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new RoundRow(r.Id, r.Name, r.StandardId, r.Year, r.OwnerSchool!.Name, r.StartsOn, r.EndsOn, readable.Count(a => a.RoundId == r.Id)))
            .ToListAsync(cancellationToken);
        return new Paged<RoundRow>(rows, total, page, pageSize);
    }

    /// <summary>How many of the round's schools the user may see are in each state.</summary>
    public async Task<RoundProgress> ProgressAsync(ClaimsPrincipal user, int roundId, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await InRound(db, scope, user, roundId).GroupBy(a => a.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new RoundProgress(Enum.GetValues<AssessmentState>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0));
    }

    /// <summary>The round's schools the user may see, in tree order, optionally of one state, one page at a time.</summary>
    public async Task<Paged<RoundSchool>> SchoolsAsync(ClaimsPrincipal user, int roundId, AssessmentState? state, int page, int pageSize = PageSize,
        CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = InRound(db, scope, user, roundId);
        if (state is { } s) query = query.Where(a => a.State == s);
        var total = await query.CountAsync(cancellationToken);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await RowsAsync(db, query.OrderBy(a => a.School!.Path).Skip((page - 1) * pageSize).Take(pageSize), cancellationToken);
        return new Paged<RoundSchool>(rows, total, page, pageSize);
    }

    /// <summary>The schools the round may still take in (for its organiser; others get none), at most 500, and how many can be added.</summary>
    public async Task<(IReadOnlyList<EligibleSchool> Schools, int Addable)> CandidatesAsync(ClaimsPrincipal user, int roundId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var round = await db.EvaluationRounds.AsNoTracking().Include(r => r.OwnerSchool).FirstOrDefaultAsync(r => r.Id == roundId, cancellationToken);
        if (round is null || !AccessRules.Allows(await access.ScopeAsync(user, cancellationToken), SchoolAction.ManageRounds, round.OwnerSchool!)) return ([], 0);

        var outside = Eligible(db, round, round.OwnerSchool!).Where(s => !db.Assessments.Any(a => a.SchoolId == s.Id && a.RoundId == round.Id));
        var schools = await outside.OrderBy(s => s.Path).Take(500)
            .Select(s => new EligibleSchool(s.Id, s.Name, s.Region, s.Level,
                db.Assessments.Any(a => a.SchoolId == s.Id && a.StandardId == round.StandardId && a.Year == round.Year && a.RoundId != null)))
            .ToListAsync(cancellationToken);
        var addable = await outside.CountAsync(s => !db.Assessments.Any(a => a.SchoolId == s.Id && a.StandardId == round.StandardId && a.Year == round.Year
            && a.RoundId != null), cancellationToken);
        return (schools, addable);
    }

    /// <summary>
    /// Adds schools to the round: every school of the owner's subtree whose level uses the round's standard
    /// (<paramref name="schoolIds"/> null), or the chosen ones among them. A school's existing assessment of the
    /// standard and year is linked, not duplicated; one in another round stays there; the others start, pinned
    /// to the standard's version in force, as <see cref="AssessmentService.StartAsync"/> starts them.
    /// </summary>
    public async Task<CommandOutcome<AddedSchools>> AddSchoolsAsync(ClaimsPrincipal user, int roundId, Guid stamp, IReadOnlyCollection<int>? schoolIds,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var round = await db.EvaluationRounds.Include(r => r.OwnerSchool).FirstOrDefaultAsync(r => r.Id == roundId, cancellationToken);
        if (round is null) return CommandOutcome<AddedSchools>.Invalid(new FieldError("round", "评估轮次不存在"));
        var owner = round.OwnerSchool!;
        if (!await access.CheckAsync(user, SchoolAction.ManageRounds, owner, cancellationToken)) return CommandOutcome<AddedSchools>.Denied;
        if (round.ConcurrencyStamp != stamp) return CommandOutcome<AddedSchools>.Conflict(null, new FieldError("round", RoundConflict));
        if (schoolIds is { Count: 0 }) return CommandOutcome<AddedSchools>.Invalid(new FieldError("schools", "请选择要加入的党校"));

        var eligible = Eligible(db, round, owner);
        if (schoolIds is not null)
        {
            var chosen = schoolIds.Distinct().ToList();
            // One school outside the round's reach refuses the whole choice, without saying what it is.
            if (await eligible.CountAsync(s => chosen.Contains(s.Id), cancellationToken) != chosen.Count)
                return CommandOutcome<AddedSchools>.Invalid(new FieldError("schools", "所选党校须是主办党校的下级党校，且适用本轮次的评估标准"));
            eligible = eligible.Where(s => chosen.Contains(s.Id));
        }

        var targets = await eligible.OrderBy(s => s.Path).Select(s => s.Id).ToListAsync(cancellationToken);
        var existing = await db.Assessments
            .Where(a => a.StandardId == round.StandardId && a.Year == round.Year && eligible.Select(s => s.Id).Contains(a.SchoolId))
            .ToDictionaryAsync(a => a.SchoolId, cancellationToken);
        var version = targets.Count > existing.Count ? await AssessmentService.VersionInForceAsync(db, round.StandardId, cancellationToken) : 0;

        int created = 0, linked = 0, already = 0, elsewhere = 0;
        foreach (var schoolId in targets)
        {
            if (!existing.TryGetValue(schoolId, out var assessment))
            {
                var started = assessments.New(user, schoolId, round.StandardId, version, round.Year);
                started.RoundId = round.Id;
                db.Assessments.Add(started);
                created++;
            }
            else if (assessment.RoundId == round.Id) already++;
            else if (assessment.RoundId is null)
            {
                assessment.RoundId = round.Id;
                linked++;
            }
            else elsewhere++;
        }

        // The round's stamp changes with its set of schools, so a second "add all" from a stale page is refused whole.
        db.Entry(round).Property(r => r.ConcurrencyStamp).OriginalValue = stamp;
        round.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = $"加入评估轮次“{round.Name}”";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone added or started the same schools' assessments meanwhile (stamp or the unique school/standard/year index).
            return CommandOutcome<AddedSchools>.Conflict(null, new FieldError("round", RoundConflict));
        }

        return CommandOutcome<AddedSchools>.Ok(new AddedSchools(created, linked, already, elsewhere));
    }

    /// <summary>
    /// Sets (or clears, with an empty <paramref name="date"/>) the day of the on-site visit to one school of the
    /// round, within the round's dates. The row comes back in every case but a refusal, to be shown again.
    /// </summary>
    public async Task<CommandOutcome<RoundSchool>> ScheduleAsync(ClaimsPrincipal user, int roundId, int assessmentId, string? date, Guid stamp,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (round, assessment) = await FindAsync(db, roundId, assessmentId, tracked: true, cancellationToken);
        if (round is null || assessment is null) return CommandOutcome<RoundSchool>.Invalid(new FieldError("assessment", "该党校不在此评估轮次中"));
        if (!await MayManageAsync(user, round, assessment, "schedule visit", cancellationToken)) return CommandOutcome<RoundSchool>.Denied;

        var row = await RowAsync(db, assessmentId, cancellationToken);
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (RoundDates.Parse(date) is not { } parsed) return CommandOutcome<RoundSchool>.Invalid(row, new FieldError("scheduledOn", "现场评估日期：请输入日期，如 2025-06-18"));
            if (parsed < round.StartsOn || parsed > round.EndsOn)
                return CommandOutcome<RoundSchool>.Invalid(row, new FieldError("scheduledOn", $"现场评估日期应在本轮次时间 {RoundDates.Text(round.StartsOn)} 至 {RoundDates.Text(round.EndsOn)} 之内"));
            day = parsed;
        }

        if (assessment.ScheduledOn == day) return CommandOutcome<RoundSchool>.Ok(row);
        if (assessment.ConcurrencyStamp != stamp) return CommandOutcome<RoundSchool>.Conflict(row, new FieldError("scheduledOn", Conflict(row)));

        db.Entry(assessment).Property(a => a.ConcurrencyStamp).OriginalValue = stamp;
        assessment.ScheduledOn = day;
        assessment.ConcurrencyStamp = Guid.NewGuid();
        db.AuditReason = day is null ? "取消现场评估日期" : "安排现场评估日期";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await RowAsync(fresh, assessmentId, cancellationToken);
            return CommandOutcome<RoundSchool>.Conflict(current, new FieldError("scheduledOn", Conflict(current)));
        }

        return CommandOutcome<RoundSchool>.Ok(await RowAsync(db, assessmentId, cancellationToken));
    }

    /// <summary>Sends the evaluation team to one school of the round, through <see cref="AssessmentService.AssignAsync"/>.</summary>
    public async Task<CommandOutcome<RoundSchool>> AssignTeamAsync(ClaimsPrincipal user, int roundId, int assessmentId, IReadOnlyList<string> userNames, string? lead,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (round, assessment) = await FindAsync(db, roundId, assessmentId, tracked: false, cancellationToken);
        if (round is null || assessment is null) return CommandOutcome<RoundSchool>.Invalid(new FieldError("assessment", "该党校不在此评估轮次中"));
        if (!await MayManageAsync(user, round, assessment, "assign round team", cancellationToken)) return CommandOutcome<RoundSchool>.Denied;

        var assigned = await assessments.AssignAsync(user, assessmentId, userNames, lead, cancellationToken);
        if (assigned.Refused) return CommandOutcome<RoundSchool>.Denied;
        var row = await RowAsync(db, assessmentId, cancellationToken);
        if (assigned.Conflicted) return CommandOutcome<RoundSchool>.Conflict(row, [.. assigned.Errors]);
        return assigned.Errors.Count == 0 ? CommandOutcome<RoundSchool>.Ok(row) : CommandOutcome<RoundSchool>.Invalid(row, [.. assigned.Errors]);
    }

    /// <summary>The accounts that may be sent as evaluators.</summary>
    public async Task<IReadOnlyList<TeamMember>> EvaluatorsAsync() =>
        (await users.GetUsersInRoleAsync(AppRole.Evaluator)).OrderBy(u => u.UserName, StringComparer.Ordinal)
            .Select(u => new TeamMember(u.UserName ?? "", u.DisplayName, false)).ToList();

    /// <summary>The levels the round's standard applies to below the owner: the schools the owner evaluates.</summary>
    public IReadOnlyList<SchoolLevel> EligibleLevels(SchoolLevel owner, string standardId) =>
        Enum.GetValues<SchoolLevel>().Where(l => l > owner && standards.For(l).Any(s => s.Id == standardId)).ToList();

    private IQueryable<School> Eligible(AppDbContext db, EvaluationRound round, School owner)
    {
        // Only levels below the owner's, so the owner itself is never one of its round's schools.
        var levels = EligibleLevels(owner.Level, round.StandardId);
        return db.Schools.Where(s => s.Path.StartsWith(owner.Path) && levels.Contains(s.Level));
    }

    private static IQueryable<Assessment> InRound(AppDbContext db, UserScope scope, ClaimsPrincipal user, int roundId) =>
        AssessmentService.Readable(db, scope, user.FindFirstValue(ClaimTypes.NameIdentifier)).AsNoTracking().Where(a => a.RoundId == roundId);

    private static async Task<(EvaluationRound? Round, Assessment? Assessment)> FindAsync(AppDbContext db, int roundId, int assessmentId, bool tracked,
        CancellationToken cancellationToken)
    {
        var round = await db.EvaluationRounds.AsNoTracking().Include(r => r.OwnerSchool).FirstOrDefaultAsync(r => r.Id == roundId, cancellationToken);
        var assessments = tracked ? db.Assessments : db.Assessments.AsNoTracking();
        var assessment = await assessments.Include(a => a.School).FirstOrDefaultAsync(a => a.Id == assessmentId && a.RoundId == roundId, cancellationToken);
        return (round, assessment);
    }

    /// <summary>
    /// The round's organiser, and over this school still: a school moved out of the owner's subtree since it
    /// was added is no longer the organiser's to schedule.
    /// </summary>
    private async Task<bool> MayManageAsync(ClaimsPrincipal user, EvaluationRound round, Assessment assessment, string action, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        if (AccessRules.Allows(scope, SchoolAction.ManageRounds, round.OwnerSchool!) && AccessRules.Allows(scope, SchoolAction.ManageRounds, assessment.School!))
            return true;
        await access.RecordRefusalAsync(scope, action, $"round {round.Id} assessment {assessment.Id}", cancellationToken);
        return false;
    }

    private static string Conflict(RoundSchool current) =>
        $"未保存:他人已更改了此党校的评估,现场评估日期现为 {(current.ScheduledOn is { } d ? RoundDates.Text(d) : "未安排")},请核对后再修改";

    private static async Task<RoundSchool> RowAsync(AppDbContext db, int assessmentId, CancellationToken cancellationToken) =>
        (await RowsAsync(db, db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId), cancellationToken)).Single();

    /// <summary>The rows of the given (ordered) assessments, with each team's names in one query.</summary>
    private static async Task<List<RoundSchool>> RowsAsync(AppDbContext db, IQueryable<Assessment> query, CancellationToken cancellationToken)
    {
        var rows = await query
            .Select(a => new { a.Id, a.SchoolId, a.School!.Name, a.School.Region, a.School.Level, a.State, a.ScheduledOn, a.ConcurrencyStamp })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var members = await db.Set<AssessmentEvaluator>().AsNoTracking().Where(e => ids.Contains(e.AssessmentId))
            .Join(db.Users, e => e.UserId, u => u.Id, (e, u) => new { e.AssessmentId, e.IsLead, u.UserName, u.DisplayName })
            .ToListAsync(cancellationToken);
        var teams = members.ToLookup(m => m.AssessmentId);
        return rows.Select(r => new RoundSchool(r.Id, r.SchoolId, r.Name, r.Region, r.Level, r.State, r.ScheduledOn, r.ConcurrencyStamp,
                teams[r.Id].OrderByDescending(m => m.IsLead).ThenBy(m => m.UserName, StringComparer.Ordinal)
                    .Select(m => new TeamMember(m.UserName ?? "", m.DisplayName, m.IsLead)).ToList()))
            .ToList();
    }

    private IEnumerable<FieldError> Validate(RoundDetails details, School? owner)
    {
        var name = details.Name?.Trim();
        if (string.IsNullOrEmpty(name)) yield return new("name", "请填写轮次名称");
        else if (name.Length > 100) yield return new("name", "轮次名称不能超过100字");

        if (details.OwnerSchoolId is null) yield return new("ownerSchoolId", "请选择主办党校");
        else if (owner is null) yield return new("ownerSchoolId", "主办党校不存在");

        if (string.IsNullOrWhiteSpace(details.StandardId)) yield return new("standardId", "请选择评估标准");
        else if (library.Find(details.StandardId) is not { } standard) yield return new("standardId", "评估标准不存在");
        else if (owner is not null && EligibleLevels(owner.Level, standard.Id).Count == 0)
            yield return new("standardId", $"评估标准“{standard.Name}”不适用于{owner.Name}的下级党校");

        if (details.Year is null) yield return new("year", "请填写评估年度(2000–2100 之间的整数)");
        else if (details.Year is < 2000 or > 2100) yield return new("year", "评估年度应在 2000–2100 之间");

        if (details.StartsOn is null) yield return new("startsOn", "请填写开始日期,如 2025-03-01");
        if (details.EndsOn is null) yield return new("endsOn", "请填写结束日期,如 2025-12-31");
        else if (details.StartsOn is { } starts && details.EndsOn < starts) yield return new("endsOn", "结束日期不能早于开始日期");

        if (details.Notes?.Trim().Length > 2000) yield return new("notes", "备注不能超过2000字");
    }
}
