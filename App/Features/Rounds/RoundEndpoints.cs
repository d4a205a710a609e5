using Microsoft.AspNetCore.Http.HttpResults;
using SchoolAssessment.Features.Rounds.Pages;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.Rounds;

/// <summary>The inline edits of a round's table: each answers with the school's row again (200, 400 invalid, 409 conflict).</summary>
public static class RoundEndpoints
{
    public static string ScheduleUrl(int roundId, int assessmentId) => $"/rounds/{roundId}/assessments/{assessmentId}/schedule";

    public static string TeamUrl(int roundId, int assessmentId) => $"/rounds/{roundId}/assessments/{assessmentId}/team";

    private static IResult Refused() => Results.Text("无权访问:您的账号不能管理此评估轮次", statusCode: StatusCodes.Status403Forbidden);

    public static void MapRounds(this IEndpointRouteBuilder app)
    {
        app.MapPost("/rounds/{id:int}/assessments/{assessmentId:int}/schedule", async (int id, int assessmentId, HttpRequest request, RoundService rounds) =>
        {
            var form = await request.ReadFormAsync();
            var stamp = Guid.TryParse(form["stamp"], out var s) ? s : Guid.Empty;
            var typed = form["scheduledOn"].ToString();
            var outcome = await rounds.ScheduleAsync(request.HttpContext.User, id, assessmentId, typed, stamp, request.HttpContext.RequestAborted);
            return await LineAsync(request, rounds, id, outcome, "已保存", outcome.Errors.Count > 0 && !outcome.Conflicted ? typed : null);
        }).RequireAuthorization().RequireAntiforgeryToken();

        app.MapPost("/rounds/{id:int}/assessments/{assessmentId:int}/team", async (int id, int assessmentId, HttpRequest request, RoundService rounds) =>
        {
            var form = await request.ReadFormAsync();
            var outcome = await rounds.AssignTeamAsync(request.HttpContext.User, id, assessmentId, form["evaluators"].OfType<string>().ToList(),
                form["lead"].FirstOrDefault(), request.HttpContext.RequestAborted);
            return await LineAsync(request, rounds, id, outcome, "评估组已保存", null);
        }).RequireAuthorization().RequireAntiforgeryToken();
    }

    private static async Task<IResult> LineAsync(HttpRequest request, RoundService rounds, int roundId, RoundOutcome<RoundSchool> outcome, string done, string? typed)
    {
        if (outcome.Refused) return Refused();
        if (outcome.Value is null) return Results.Text(outcome.Errors.FirstOrDefault()?.Message ?? "未找到", statusCode: StatusCodes.Status404NotFound);
        var (round, _) = await rounds.OpenAsync(request.HttpContext.User, roundId, request.HttpContext.RequestAborted);
        return new RazorComponentResult<RoundSchoolLine>(new Dictionary<string, object?>
        {
            [nameof(RoundSchoolLine.Row)] = outcome.Value,
            [nameof(RoundSchoolLine.Round)] = round,
            [nameof(RoundSchoolLine.MayManage)] = true,
            [nameof(RoundSchoolLine.Evaluators)] = await rounds.EvaluatorsAsync(),
            [nameof(RoundSchoolLine.Errors)] = outcome.Errors,
            [nameof(RoundSchoolLine.Saved)] = outcome.Succeeded ? done : null,
            [nameof(RoundSchoolLine.Typed)] = typed,
        })
        {
            StatusCode = outcome.Conflicted ? StatusCodes.Status409Conflict : outcome.Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
        };
    }
}
