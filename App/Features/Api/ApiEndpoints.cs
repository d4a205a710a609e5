using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Api;

/// <summary>
/// <c>/api/v1</c>: the same services as the pages, so the same access checks, rules and concurrency apply; this file only
/// turns their outcomes into HTTP. Not found is 404; found but not the caller's is 403 (as the pages answer); a stale
/// version is 409 with what is stored and who stored it; a bad value 422 naming the field in Chinese.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static void MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(ApiTokenAuthentication.Policy).WithTags("v1")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        MapSchools(api);
        MapAssessments(api);
        MapLedger(api);
    }

    private static void MapSchools(RouteGroupBuilder api)
    {
        api.MapGet("/schools", async (ClaimsPrincipal user, SchoolAccess access, SchoolQueries schools,
            string? search, SchoolLevel? level, int? parentId, int? page, int? pageSize) =>
        {
            var scope = await access.ScopeAsync(user);
            var size = Math.Clamp(pageSize ?? 50, 1, 200);
            var found = await schools.ListAsync(scope, new SchoolFilter(search, level, parentId, Math.Max(page ?? 1, 1), size));
            return Results.Ok(new ApiPage<ApiSchool>(
                found.Rows.Select(r => new ApiSchool(r.Id, r.Name, r.Level.ToString(), r.Level.Name(), r.Region, null, r.ParentName)).ToList(),
                found.Total, found.Page, found.PageSize));
        }).WithName("ListSchools").WithSummary("本人可见的党校（分页）").Produces<ApiPage<ApiSchool>>();

        api.MapGet("/schools/{id:int}", async (int id, ClaimsPrincipal user, SchoolAccess access, SchoolQueries schools) =>
        {
            if (await schools.FindAsync(id) is not { } school) return NotFound("党校不存在");
            if (!await access.CheckAsync(user, SchoolAction.View, school)) return Forbidden("您的账号不能查看此党校");
            return Results.Ok(School(school));
        }).WithName("GetSchool").WithSummary("一所党校").Produces<ApiSchool>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/schools/{id:int}/years/{year:int}/values", async (int id, int year, ClaimsPrincipal user, SchoolAccess access,
            SchoolQueries schools, YearlyDataService data, StandardLibrary library, IDbContextFactory<AppDbContext> dbFactory) =>
        {
            if (await schools.FindAsync(id) is not { } school) return NotFound("党校不存在");
            if (!await access.CheckAsync(user, SchoolAction.View, school)) return Forbidden("您的账号不能查看此党校的数据");
            var values = await data.LoadAsync(id, year);
            var names = await NamesAsync(dbFactory, values.Values.Select(v => v.UpdatedBy));
            return Results.Ok(new ApiSchoolYear(id, year, values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v =>
            {
                var indicator = library.Indicators.Find(v.Key);
                var derived = v.Value.Stamp == Guid.Empty;
                return new ApiIndicatorValue(v.Key, indicator?.Name ?? v.Key, indicator?.Unit, Value(v.Value.Value), derived ? null : v.Value.Stamp,
                    derived ? null : v.Value.UpdatedAtUtc, derived ? null : names.GetValueOrDefault(v.Value.UpdatedBy, v.Value.UpdatedBy), derived);
            }).ToList()));
        }).WithName("GetYearlyValues").WithSummary("一所党校某年度的指标数据及各项的版本").Produces<ApiSchoolYear>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/schools/{id:int}/years/{year:int}/values/{key}", async (int id, int year, string key, ApiValueWrite body, ClaimsPrincipal user,
            SchoolQueries schools, YearlyDataService data, StandardLibrary library, IDbContextFactory<AppDbContext> dbFactory) =>
        {
            if (library.Indicators.Find(key) is not { } indicator) return NotFound($"没有指标 {key}");
            if (Text(body.Value) is not { } text)
                return await ExistsAsync(dbFactory, id) ? Invalid(new Shared.FieldError("value", $"{indicator.Name}：应为数字、true/false 或 null")) : NotFound("党校不存在");

            // The save reads the school anyway: whether it exists is asked only when the save is refused (a hot path).
            var saved = await data.SaveAsync(user, id, year, key, text, body.Version);
            if (saved.Refused) return await ExistsAsync(dbFactory, id) ? Forbidden("您的账号不能修改此党校的数据") : NotFound("党校不存在");
            if (saved.Kind == Shared.OutcomeKind.Invalid)
                return Invalid([.. saved.Errors.Select(e => new Shared.FieldError(e.Message.StartsWith("年度", StringComparison.Ordinal) ? "year" : "value", e.Message))]);
            if (saved.Conflicted)
            {
                var current = saved.Value?.Stored is { } c
                    ? new ApiIndicatorValue(key, indicator.Name, indicator.Unit, Value(c.Value), c.Stamp, c.UpdatedAtUtc,
                        (await NamesAsync(dbFactory, [c.UpdatedBy])).GetValueOrDefault(c.UpdatedBy, c.UpdatedBy), false)
                    : null;
                var detail = current is null
                    ? $"未保存：{indicator.Name}已被他人清空，请核对后再提交"
                    : $"未保存：{current.UpdatedBy} 已于 {current.UpdatedAtUtc:yyyy-MM-dd HH:mm}（UTC）将{indicator.Name}改为 {Shown(current.Value)}，请核对后再提交";
                return Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "版本冲突",
                    extensions: new Dictionary<string, object?> { ["current"] = current });
            }

            return Results.Ok(saved.Value!.Stored is { } stored
                ? new ApiIndicatorValue(key, indicator.Name, indicator.Unit, Value(stored.Value), stored.Stamp, stored.UpdatedAtUtc, PeopleNames.Of(user), false)
                : new ApiIndicatorValue(key, indicator.Name, indicator.Unit, null, null, null, null, false));
        }).WithName("PutYearlyValue").WithSummary("保存一项指标（带版本，乐观并发）")
            .Produces<ApiIndicatorValue>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/schools/{id:int}/years/{year:int}/gaps/{standardId}", async (int id, int year, string standardId, ClaimsPrincipal user,
            SchoolAccess access, SchoolQueries schools, YearlyDataService data) =>
        {
            if (await schools.FindAsync(id) is not { } school) return NotFound("党校不存在");
            if (!await access.CheckAsync(user, SchoolAction.View, school)) return Forbidden("您的账号不能查看此党校的数据");
            var outcome = data.Score(school, await data.LoadAsync(id, year)).Standards.FirstOrDefault(s => s.Result.Standard.Id == standardId);
            if (outcome is null) return NotFound($"{school.Level.Name()}党校不适用标准 {standardId}");
            var (gaps, notYet) = Gap.Split(outcome.Gaps);
            var result = outcome.Result;
            return Results.Ok(new ApiGaps(id, year, result.Standard.Id, result.Standard.Name, result.Total, result.Max, result.Grade.Name, result.Passed,
                gaps.Select(ToApi).ToList(), notYet.Select(ToApi).ToList()));
        }).WithName("GetGaps").WithSummary("一所党校某年度对照一项标准的差距").Produces<ApiGaps>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapAssessments(RouteGroupBuilder api)
    {
        api.MapGet("/assessments", async (ClaimsPrincipal user, AssessmentService assessments, int? schoolId, int? page, int? pageSize) =>
        {
            var found = await assessments.ListAsync(user, schoolId, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 30, 1, 200));
            return Results.Ok(new ApiPage<ApiAssessmentRow>(
                found.Rows.Select(a => new ApiAssessmentRow(a.Id, a.SchoolId, a.SchoolName, a.StandardId, a.Year, a.State.ToString(), a.State.Name())).ToList(),
                found.Total, found.Page, found.PageSize));
        }).WithName("ListAssessments").WithSummary("本人可查看的评估（分页）").Produces<ApiPage<ApiAssessmentRow>>();

        api.MapGet("/assessments/{id:int}", async (int id, ClaimsPrincipal user, AssessmentService assessments, ItemScoringService scoring) =>
        {
            var (assessment, party) = await assessments.OpenAsync(user, id);
            if (assessment is null) return NotFound("评估不存在");
            if (!party.CanRead) return Forbidden("您的账号不能查看此评估");
            var board = await scoring.BoardAsync(user, assessment, party);
            // Evaluators score on their own: what a viewer may not see yet is left out, by the pages' own rule.
            var visibility = ScoreVisibility.For(party, assessment.State, user.Identity?.Name);
            var scores = board.Scores.Where(s => visibility.Shows(s, board.UserId))
                .OrderBy(s => s.ItemCode, StringComparer.Ordinal).ThenBy(s => s.Kind)
                .Select(s => ToApi(s, board.EvaluatorNames)).ToList();
            return Results.Ok(new ApiAssessment(assessment.Id, assessment.SchoolId, assessment.School?.Name ?? "", assessment.StandardId, board.Standard.Name,
                assessment.Year, assessment.State.ToString(), assessment.State.Name(),
                board.Standard.Items.Select(i => new ApiItem(i.Code, i.Name, i.Points, RuleKind(i.Rule))).ToList(), scores));
        }).WithName("GetAssessment").WithSummary("一项评估及其各方评分（按可见范围）").Produces<ApiAssessment>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/assessments/{id:int}/items/{code}/scores/{kind}", async (int id, string code, string kind, ApiScoreWrite body, ClaimsPrincipal user,
            ItemScoringService scoring) =>
        {
            if (!Enum.TryParse<ScoreKind>(kind, ignoreCase: true, out var scoreKind) || !Enum.IsDefined(scoreKind) || int.TryParse(kind, out _))
                return NotFound("评分类别应为 Self、Evaluator 或 Final");
            var entry = new ScoreEntry(body.Level, body.Judged, body.OverrideScore, body.OverrideReason, body.Comment);
            var saved = await scoring.SaveAsync(user, id, code, scoreKind, entry, body.Version);
            if (saved.Refused) return Forbidden("您不能在此时为该评估的此项评分");
            // The save opens the assessment anyway: one that does not exist, or an item it lacks, is not found.
            if (saved.Errors.FirstOrDefault(e => e.Field is "item" or "assessment") is { } missing) return NotFound(missing.Message);
            if (saved.Kind == Shared.OutcomeKind.Invalid) return Invalid([.. saved.Errors]);
            if (saved.Conflicted)
            {
                var board = await scoring.BoardAsync(user, id);
                var detail = saved.Errors.FirstOrDefault()?.Message ?? "未保存：此项已被他人修改";
                return Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "版本冲突",
                    extensions: new Dictionary<string, object?> { ["current"] = saved.Value is { } c ? ToApi(c, board?.EvaluatorNames ?? new Dictionary<string, string>()) : null });
            }

            var names = new Dictionary<string, string> { [saved.Value!.Scorer] = PeopleNames.Of(user) };
            return Results.Ok(ToApi(saved.Value, names));
        }).WithName("PutItemScore").WithSummary("保存一个评估项目的评分（带版本，乐观并发）")
            .Produces<ApiItemScore>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static void MapLedger(RouteGroupBuilder api)
    {
        api.MapGet("/assessments/{id:int}/ledger", async (int id, ClaimsPrincipal user, AssessmentService assessments, ItemScoringService scoring,
            RectificationService rectification) =>
        {
            var (assessment, party) = await assessments.OpenAsync(user, id);
            if (assessment is null) return NotFound("评估不存在");
            if (!party.CanRead) return Forbidden("您的账号不能查看此评估的整改台账");
            var view = await rectification.ViewAsync(await scoring.BoardAsync(user, assessment, party));
            return Results.Ok(view.Lines.Select(ToApi).ToList());
        }).WithName("GetLedger").WithSummary("一项评估的整改台账各事项").Produces<List<ApiLedgerLine>>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/ledger-lines/{id:long}", async (long id, ApiLineWrite body, ClaimsPrincipal user, RectificationService rectification) =>
        {
            if (!await rectification.LineExistsAsync(id)) return NotFound("整改事项不存在");
            if (await rectification.OpenLineAsync(user, id) is not { } context) return Forbidden("您的账号不能修改此整改事项");
            var line = context.Line;
            var edit = new LineEdit(body.Category ?? line.Category, body.Goal ?? line.Goal, body.Measures ?? line.Measures, body.Type ?? line.Type.ToString(),
                body.ResponsibleLeader ?? line.ResponsibleLeader, body.LeadUnit ?? line.LeadUnit, body.CooperatingUnits ?? line.CooperatingUnits,
                body.PersonInCharge ?? line.PersonInCharge, body.Deadline ?? line.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                body.Progress ?? line.Progress, body.CompletionEvidence ?? line.CompletionEvidence, body.Remarks ?? line.Remarks);
            return await LineAnswerAsync(await rectification.SaveLineAsync(user, id, edit, body.Version), user, id, rectification);
        }).WithName("PutLedgerLine").WithSummary("修改整改事项的内容（已销号的事项不能修改）")
            .Produces<ApiLedgerLine>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPut("/ledger-lines/{id:long}/status", async (long id, ApiStatusWrite body, ClaimsPrincipal user, RectificationService rectification) =>
        {
            if (!await rectification.LineExistsAsync(id)) return NotFound("整改事项不存在");
            var status = RectificationRules.ParseStatus(body.Status)
                ?? (Enum.TryParse<RectificationStatus>(body.Status, ignoreCase: true, out var named) && Enum.IsDefined(named) && !int.TryParse(body.Status, out _) ? named : null);
            if (status is null) return Invalid(new Shared.FieldError("status", "整改状态：应为 NotStarted、InProgress、Completed（未启动、推进中、已完成）"));
            return await LineAnswerAsync(await rectification.SetStatusAsync(user, id, status.Value, body.Version, body.Reason), user, id, rectification);
        }).WithName("PutLedgerLineStatus").WithSummary("改变整改事项的状态（回退须写明原因）")
            .Produces<ApiLedgerLine>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> LineAnswerAsync(CommandOutcome<RectificationLine> saved, ClaimsPrincipal user, long id, RectificationService rectification)
    {
        if (saved.Refused) return Forbidden("您的账号不能在此时修改此整改事项");
        if (saved.Kind == Shared.OutcomeKind.Invalid) return Invalid([.. saved.Errors]);
        if (saved.Conflicted)
        {
            var current = (await rectification.OpenLineAsync(user, id))?.Line ?? saved.Value!;
            return Results.Problem($"未保存：{await rectification.LastChangeAsync(current)} 修改了此整改事项，请核对后再提交",
                statusCode: StatusCodes.Status409Conflict, title: "版本冲突", extensions: new Dictionary<string, object?> { ["current"] = ToApi(current) });
        }

        return Results.Ok(ToApi(saved.Value!));
    }

    private static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "未找到");

    private static IResult Forbidden(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "无权访问");

    /// <summary>422 with each message under its field, and all of them in <c>detail</c> for a client that shows one line.</summary>
    private static IResult Invalid(params Shared.FieldError[] errors) => Results.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        detail: string.Join("；", errors.Select(e => e.Message)), statusCode: StatusCodes.Status422UnprocessableEntity, title: "数据有误");

    private static async Task<bool> ExistsAsync(IDbContextFactory<AppDbContext> dbFactory, int schoolId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Schools.AnyAsync(s => s.Id == schoolId);
    }

    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(IDbContextFactory<AppDbContext> dbFactory, IEnumerable<string> logins)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await PeopleNames.OfAsync(db, logins, withRole: false);
    }

    /// <summary>The JSON value as the form's text: a number in invariant digits, true/false, "" for null; null when it is none of these.</summary>
    private static string? Text(JsonElement? value) => value switch
    {
        null => "",
        { ValueKind: JsonValueKind.Null } => "",
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        _ => null,
    };

    private static object? Value(Scoring.IndicatorValue value) => value.Flag is { } flag ? flag : value.Number;

    private static string Shown(object? value) => value switch
    {
        true => "是",
        false => "否",
        decimal d => NumberText.Of(d),
        _ => "（空）",
    };

    private static ApiSchool School(School s) => new(s.Id, s.Name, s.Level.ToString(), s.Level.Name(), s.Region, s.ParentId, s.Parent?.Name);

    private static ApiGap ToApi(Gap g) => new(g.Item.Code, g.Item.Name, g.Dimension.Code, g.Dimension.Name, g.Item.Points, g.Lost, g.Veto, g.Gate,
        g.Current, g.Target, g.Shortfall, g.Description);

    private static ApiItemScore ToApi(ItemScore s, IReadOnlyDictionary<string, string> names) => new(s.ItemCode, s.Kind.ToString(),
        s.Kind == ScoreKind.Evaluator ? names.GetValueOrDefault(s.Scorer, "评估专家") : null,
        s.Level, s.Judged, s.OverrideScore, s.OverrideReason, s.Comment, s.ConcurrencyStamp, s.UpdatedAtUtc);

    private static ApiLedgerLine ToApi(RectificationLine l) => new(l.Id, l.AssessmentId, l.ItemCode, l.ItemName, l.Status.ToString(), l.Status.Name(),
        l.Type.ToString(), l.Type.Name(), l.Category, l.Goal, l.Measures, l.ResponsibleLeader, l.LeadUnit, l.CooperatingUnits, l.PersonInCharge,
        l.Deadline, l.Progress, l.CompletionEvidence, l.Remarks, l.ReviewComment, l.ReviewedBy, l.ConcurrencyStamp, l.UpdatedAtUtc);

    private static string RuleKind(Rule rule) => rule switch
    {
        GradedRule => "graded",
        JudgementRule => "judgement",
        _ => "data",
    };
}
