using SchoolAssessment.Features.Documents.Spreadsheets;

namespace SchoolAssessment.Features.YearlyData.Import;

public static class IndicatorImportEndpoints
{
    /// <summary>Larger than any real collection sheet (2,000 schools × 100 indicators is about 3 MB).</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>The template workbook: a real download, so an endpoint (the upload and its progress live in the page's circuit).</summary>
    public static void MapIndicatorImport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/schools/{id:int}/indicators/template.xlsx", async (int id, int? year, HttpContext context, IndicatorImportService import, TimeProvider clock) =>
        {
            var y = year is >= 2000 and <= 2100 ? year.Value : clock.GetLocalNow().Year - 1;
            return await import.TemplateFileAsync(context.User, id, y, context.RequestAborted) is { } file
                ? Results.File(file.Content, XlsxWriter.ContentType, file.FileName)
                : Results.Text("无权访问：您的账号不能填报此党校的数据", statusCode: StatusCodes.Status403Forbidden);
        }).RequireAuthorization();
    }
}
