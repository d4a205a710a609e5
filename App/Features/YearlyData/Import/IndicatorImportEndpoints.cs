using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolAssessment.Features.Documents;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.YearlyData.Import.Pages;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.YearlyData.Import;

public static class IndicatorImportEndpoints
{
    /// <summary>Larger than any real collection sheet (2,000 schools × 100 indicators is about 3 MB).</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    public static void MapIndicatorImport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/schools/{id:int}/indicators/template.xlsx", async (int id, int? year, HttpContext context, IndicatorImportService import, TimeProvider clock) =>
        {
            var y = year is >= 2000 and <= 2100 ? year.Value : clock.GetLocalNow().Year - 1;
            return await import.TemplateFileAsync(context.User, id, y, context.RequestAborted) is { } file
                ? Results.File(file.Content, XlsxWriter.ContentType, file.FileName)
                : Results.Text("无权访问:您的账号不能填报此党校的数据", statusCode: StatusCodes.Status403Forbidden);
        }).RequireAuthorization();

        app.MapPost("/indicators/imports", async (HttpRequest request, IndicatorImportService import) =>
        {
            var form = await request.ReadFormAsync();
            if (form.Files.GetFile("file") is not { } upload) return Results.BadRequest("请选择要导入的 Excel 文件");
            if (upload.Length > MaxBytes) return Results.BadRequest($"文件超过 {MaxBytes / 1024 / 1024} MB");
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            var job = await import.StartAsync(request.HttpContext.User, Path.GetFileName(upload.FileName), buffer.ToArray());
            return job is null ? Results.Forbid() : new RazorComponentResult<ImportProgress>(new { Job = job });
        }).RequireAuthorization().RequireAntiforgeryToken();

        app.MapGet("/indicators/imports/{id:guid}", (Guid id, HttpContext context, ImportJobs jobs) =>
            jobs.Find(id, context.User.FindFirstValue(ClaimTypes.NameIdentifier)) is { } job
                ? (IResult)new RazorComponentResult<ImportProgress>(new { Job = job })
                : Results.NotFound()).RequireAuthorization();
    }
}
