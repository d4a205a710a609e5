using Microsoft.AspNetCore.Http.HttpResults;
using SchoolAssessment.Features.QuickCheck.Pages;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.QuickCheck;

// The namespace Features.Results (stored scores) would otherwise hide ASP.NET Core's Results class here.
using Results = Microsoft.AspNetCore.Http.Results;

public static class QuickCheckEndpoints
{
    public static void MapQuickCheck(this IEndpointRouteBuilder app)
    {
        // htmx posts the whole form on every change; the server renders the results fragment.
        app.MapPost("/quick-check/results", async (HttpRequest request, StandardLibrary library) =>
            new RazorComponentResult<QuickCheckResults>(new { Outcome = QuickCheckForm.Evaluate(library, await request.ReadFormAsync()) }))
            .RequireAntiforgeryToken();

        // The JSON API of SCORING.md §6: the same input and output as the score command.
        app.MapPost("/api/standards/{id}/score", async (string id, HttpRequest request, StandardLibrary library) =>
        {
            if (library.Find(id) is not { } standard) return Results.NotFound(new { error = $"没有标准 '{id}'" });
            using var reader = new StreamReader(request.Body);
            try
            {
                var result = ScoringEngine.Score(standard, library.Indicators, ScoringJson.ReadInput(await reader.ReadToEndAsync()));
                return Results.Text(ScoringJson.WriteResult(result, indented: false), "application/json; charset=utf-8");
            }
            catch (ScoringInputException e)
            {
                return Results.BadRequest(new { errors = e.Errors.Select(x => new { key = x.Key, message = x.Message }) });
            }
        });
    }
}
