using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.QuickCheck;

/// <summary>The JSON API of SCORING.md §6: the same input and output as the score command; public, stores nothing.</summary>
public static class ScoreApi
{
    public static void MapScoreApi(this IEndpointRouteBuilder app)
    {
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
