using Microsoft.AspNetCore.Http.HttpResults;
using SchoolAssessment.Features.Rectification.Pages;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.Rectification;

public static class RectificationEndpoints
{
    public static string PlanUrl(int assessmentId) => $"/assessments/{assessmentId}/plan";

    public static string LineUrl(int assessmentId, long lineId) => $"/assessments/{assessmentId}/plan/lines/{lineId}";

    private static IResult Refused() => Results.Text("无权访问:您的账号不能修改此整改台账", statusCode: StatusCodes.Status403Forbidden);

    public static void MapRectification(this IEndpointRouteBuilder app)
    {
        // A plain form: the page is reloaded with the outcome, so the whole ledger shows the new lines.
        app.MapPost("/assessments/{id:int}/plan/generate", async (int id, HttpRequest request, RectificationService plans) =>
        {
            var form = await request.ReadFormAsync();
            var (merge, error, refused) = await plans.GenerateAsync(request.HttpContext.User, id, form["targetDate"]);
            if (refused) return Refused();
            var query = merge is { } m
                ? $"done={Uri.EscapeDataString($"整改台账已更新:新增{m.Added}项,更新{m.Refreshed + m.Reopened}项,已无差距{m.Resolved}项")}"
                : $"error={Uri.EscapeDataString(error!)}";
            return Results.Redirect($"{PlanUrl(id)}?{query}");
        }).RequireAuthorization().RequireAntiforgeryToken();

        // The edited ledger comes back: all rows applied, or none and every bad cell listed.
        app.MapPost("/assessments/{id:int}/plan/ledger", async (int id, HttpRequest request, RectificationService plans) =>
        {
            var form = await request.ReadFormAsync();
            // No file: the same access check first, then "choose a file".
            await using var content = form.Files.GetFile("file")?.OpenReadStream();
            var (updated, errors, refused) = await plans.ApplyLedgerAsync(request.HttpContext.User, id, content, request.HttpContext.RequestAborted);
            return refused ? Refused() : LedgerOutcome(updated, errors);
        }).RequireAuthorization().RequireAntiforgeryToken();

        app.MapPost("/rectification/lines/{lineId:long}", async (long lineId, HttpRequest request, RectificationService plans) =>
        {
            var form = await request.ReadFormAsync();
            var edit = new LineEdit(form["category"], form["goal"], form["measures"], form["type"], form["responsibleLeader"], form["leadUnit"],
                form["cooperatingUnits"], form["personInCharge"], form["deadline"], form["progress"], form["completionEvidence"], form["remarks"]);
            var saved = await plans.SaveLineAsync(request.HttpContext.User, lineId, edit, Stamp(form), request.HttpContext.RequestAborted);
            return await PanelAsync(request, plans, lineId, saved, "已保存", saved.Succeeded ? null : edit); // typed text is never lost
        }).RequireAuthorization().RequireAntiforgeryToken();

        app.MapPost("/rectification/lines/{lineId:long}/status", async (long lineId, HttpRequest request, RectificationService plans) =>
        {
            var form = await request.ReadFormAsync();
            if (!Enum.TryParse<RectificationStatus>(form["status"], out var status) || !Enum.IsDefined(status))
            {
                // Who asks is checked before what is missing: a refused caller learns nothing from the message.
                var line = await plans.OpenLineAsync(request.HttpContext.User, lineId, request.HttpContext.RequestAborted);
                return line is { SchoolMayEdit: true } ? Results.BadRequest("整改状态：请选择未启动、推进中或已完成") : Refused();
            }

            var saved = await plans.SetStatusAsync(request.HttpContext.User, lineId, status, Stamp(form), form["comment"], request.HttpContext.RequestAborted);
            return await PanelAsync(request, plans, lineId, saved, $"状态已改为“{status.Name()}”", null,
                typedStatusComment: saved.Succeeded ? null : form["comment"].ToString());
        }).RequireAuthorization().RequireAntiforgeryToken();

        app.MapPost("/rectification/lines/{lineId:long}/review", async (long lineId, HttpRequest request, RectificationService plans) =>
        {
            var form = await request.ReadFormAsync();
            var close = form["close"] == "true";
            var saved = await plans.ReviewAsync(request.HttpContext.User, lineId, close, form["reviewComment"], Stamp(form), request.HttpContext.RequestAborted);
            return await PanelAsync(request, plans, lineId, saved, close ? "已审核销号" : "已退回整改", null, saved.Succeeded ? null : form["reviewComment"].ToString());
        }).RequireAuthorization().RequireAntiforgeryToken();
    }

    private static IResult LedgerOutcome(int updated, IReadOnlyList<string> errors) =>
        new RazorComponentResult<LedgerUploadOutcome>(new { Updated = updated, Errors = errors })
        {
            StatusCode = errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
        };

    private static Guid Stamp(IFormCollection form) => Guid.TryParse(form["stamp"], out var stamp) ? stamp : Guid.Empty;

    /// <summary>The line's panel again, with the outcome: saved (200), invalid (400), conflict with the latest values (409).</summary>
    private static async Task<IResult> PanelAsync(HttpRequest request, RectificationService plans, long lineId, LineSave saved, string done, LineEdit? typed,
        string? typedReview = null, string? typedStatusComment = null)
    {
        if (saved.Refused) return Refused();
        if (await plans.OpenLineAsync(request.HttpContext.User, lineId, request.HttpContext.RequestAborted) is not { } context)
            return saved.Errors.Count > 0 ? Results.BadRequest(saved.Errors[0].Message) : Results.NotFound();
        return new RazorComponentResult<LinePanel>(new Dictionary<string, object?>
        {
            ["Context"] = context,
            ["Typed"] = typed,
            ["Errors"] = saved.Errors,
            ["Message"] = saved.Succeeded ? done : null,
            ["Conflicted"] = saved.Conflicted,
            ["TypedReview"] = typedReview,
            ["TypedStatusComment"] = typedStatusComment,
            ["LastChange"] = saved.Conflicted ? await plans.LastChangeAsync(context.Line, request.HttpContext.RequestAborted) : null,
        })
        {
            StatusCode = saved.Errors.Count > 0 ? StatusCodes.Status400BadRequest : saved.Conflicted ? StatusCodes.Status409Conflict : StatusCodes.Status200OK,
        };
    }
}
