namespace SchoolAssessment.Features.Evidence;

/// <summary>
/// An evidence file's download: a real file, so a plain authorized endpoint. Uploads and reviews are event
/// handlers of the interactive evidence list (<c>Pages/EvidenceList.razor</c>), through <see cref="EvidenceService"/>.
/// </summary>
public static class EvidenceEndpoints
{
    public static void MapEvidence(this IEndpointRouteBuilder app)
    {
        app.MapGet("/evidence/{fileId:long}", async (long fileId, HttpContext context, EvidenceService evidence) =>
            await evidence.OpenAsync(context.User, fileId) is { } opened
                ? Results.File(opened.Content, opened.File.Kind.ContentType(), opened.File.FileName)
                : Results.Text("无权访问：您的账号不能查看此文件", statusCode: StatusCodes.Status403Forbidden)).RequireAuthorization();
    }
}
