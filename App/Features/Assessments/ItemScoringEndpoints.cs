using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolAssessment.Features.Assessments.Pages;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.Assessments;

public static class ItemScoringEndpoints
{
    public static void MapItemScoring(this IEndpointRouteBuilder app)
    {
        // One item's score, saved from its card; the answer is the card again, with what happened.
        app.MapPost("/assessments/{id:int}/items/{code}/{kind}", async (int id, string code, ScoreKind kind, HttpRequest request,
            ItemScoringService scoring, StandardLibrary library) =>
        {
            var form = await request.ReadFormAsync();
            var numberErrors = new List<FieldError>();
            decimal? Number(string field, string label)
            {
                var text = form[field].ToString().Trim();
                if (text.Length == 0) return null;
                if (NumberText.TryParse(text, out var value)) return value;
                numberErrors.Add(new(field, label + NumberText.Refusal(text)));
                return null;
            }

            var entry = new ScoreEntry(form["level"], Number("judged", "评分"), Number("override", "调整得分"), form["reason"], form["comment"]);
            Guid? stamp = Guid.TryParse(form["stamp"], out var s) ? s : null;
            var saved = await scoring.SaveAsync(request.HttpContext.User, id, code, kind, entry, stamp, numberErrors);
            if (saved.Refused) return Results.Text("无权访问:您不能在此时为该评估评分", statusCode: StatusCodes.Status403Forbidden);

            var board = await scoring.BoardAsync(request.HttpContext.User, id);
            if (board?.Standard.FindItem(code) is not { } item) return Results.NotFound();
            var conflict = saved.Conflicted ? await scoring.DescribeConflictAsync(saved.Current, item) : null;
            return new RazorComponentResult<ItemScoreSaved>(new Dictionary<string, object?>
            {
                ["Board"] = board, ["Item"] = item, ["Catalog"] = library.Indicators, ["EditKind"] = kind,
                ["Saved"] = saved.Succeeded, ["Conflict"] = conflict, ["Errors"] = saved.Errors,
                // What was typed and not saved is shown again, never replaced by what is stored.
                ["Typed"] = saved.Succeeded ? null : entry, ["ConflictStamp"] = saved.Current?.ConcurrencyStamp,
            })
            {
                StatusCode = saved.Conflicted ? StatusCodes.Status409Conflict : saved.Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
            };
        }).RequireAuthorization().RequireAntiforgeryToken();

        // The lead accepts, in one action, every proposal on which the evaluators agree.
        app.MapPost("/assessments/{id:int}/finals/accept-agreed", async (int id, HttpRequest request, ItemScoringService scoring) =>
        {
            var count = await scoring.AcceptAgreedAsync(request.HttpContext.User, id);
            return count is null
                ? Results.Text("无权访问：只有评估组组长在现场评估阶段可以核定最终得分", statusCode: StatusCodes.Status403Forbidden)
                : Results.Redirect($"/assessments/{id}/items?final=true&accepted={count}");
        }).RequireAuthorization().RequireAntiforgeryToken();
    }
}
