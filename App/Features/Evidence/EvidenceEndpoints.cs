using Microsoft.AspNetCore.Http.HttpResults;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Evidence.Pages;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.Evidence;

public static class EvidenceEndpoints
{
    public static void MapEvidence(this IEndpointRouteBuilder app)
    {
        app.MapPost("/assessments/{id:int}/items/{code}/evidence", async (int id, string code, HttpRequest request, EvidenceService evidence) =>
        {
            var form = await request.ReadFormAsync();
            var upload = form.Files.GetFile("file");
            var purpose = Enum.TryParse<EvidencePurpose>(form["purpose"], out var p) && Enum.IsDefined(p) ? p : EvidencePurpose.Assessment;
            // The access check comes first (in UploadAsync): a caller who may not upload learns nothing, not even the list.
            EvidenceResult result;
            if (upload is null) result = await evidence.UploadAsync(request.HttpContext.User, id, code, null, null, purpose);
            else
            {
                // The inspector needs to seek: an uploaded file's stream is buffered to disk or memory and seekable.
                await using var content = upload.OpenReadStream();
                result = await evidence.UploadAsync(request.HttpContext.User, id, code, upload.FileName, content, purpose);
            }

            return await ListAsync(request, evidence, id, code, purpose, result);
        }).RequireAuthorization().RequireAntiforgeryToken();

        app.MapPost("/evidence/{fileId:long}/review", async (long fileId, HttpRequest request, EvidenceService evidence) =>
        {
            var form = await request.ReadFormAsync();
            var review = Enum.TryParse<EvidenceReview>(form["review"], out var r) && Enum.IsDefined(r) ? r : EvidenceReview.Pending;
            Guid? stamp = Guid.TryParse(form["stamp"], out var s) ? s : null;
            var result = await evidence.ReviewAsync(request.HttpContext.User, fileId, review, form["comment"], stamp);
            var file = result.File;
            if (result.Refused || file is null) return result.Refused ? Refused() : Results.BadRequest(result.Error);
            return await ListAsync(request, evidence, file.AssessmentId, file.ItemCode, file.Purpose, result);
        }).RequireAuthorization().RequireAntiforgeryToken();

        app.MapGet("/evidence/{fileId:long}", async (long fileId, HttpContext context, EvidenceService evidence) =>
            await evidence.OpenAsync(context.User, fileId) is { } opened
                ? Results.File(opened.Content, opened.File.Kind.ContentType(), opened.File.FileName)
                : Refused()).RequireAuthorization();
    }

    private static IResult Refused() => Results.Text("无权访问:您的账号不能查看此文件", statusCode: StatusCodes.Status403Forbidden);

    private static async Task<IResult> ListAsync(HttpRequest request, EvidenceService evidence, int assessmentId, string code, EvidencePurpose purpose,
        EvidenceResult result)
    {
        if (result.Refused) return Refused();
        var services = request.HttpContext.RequestServices;
        var (assessment, party) = await services.GetRequiredService<AssessmentService>().OpenAsync(request.HttpContext.User, assessmentId);
        if (assessment is null) return Results.NotFound();
        // Only someone who may read the assessment ever sees its list (the services checked the action already).
        if (!party.CanRead) return Refused();
        return new RazorComponentResult<EvidenceList>(new Dictionary<string, object?>
        {
            ["Assessment"] = assessment, ["Party"] = party, ["ItemCode"] = code, ["Purpose"] = purpose,
            ["Files"] = (await evidence.ListAsync(assessmentId, purpose)).Where(f => f.ItemCode == code).ToList(),
            ["Error"] = result.Error, ["Saved"] = result.Succeeded,
        })
        {
            StatusCode = result.Conflicted ? StatusCodes.Status409Conflict
                : result.Error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
        };
    }
}
