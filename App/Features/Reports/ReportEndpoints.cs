using SchoolAssessment.Features.Documents.Pdf;

namespace SchoolAssessment.Features.Reports;

// The namespace Features.Results (stored scores) would otherwise hide ASP.NET Core's Results class here.
using Results = Microsoft.AspNetCore.Http.Results;

/// <summary>
/// The documents of an assessment by URL: the 整改台账 (Excel), the 整改方案 and the report (PDF), the blank scoring
/// sheet (PDF and Excel). Without Chromium the PDFs answer 503 with the reason, and the rest works.
/// </summary>
public static class ReportEndpoints
{
    public static readonly IReadOnlyDictionary<string, DocumentKindOfAssessment> Paths = new Dictionary<string, DocumentKindOfAssessment>
    {
        ["plan.xlsx"] = DocumentKindOfAssessment.PlanWorkbook,
        ["plan.pdf"] = DocumentKindOfAssessment.PlanPdf,
        ["report.pdf"] = DocumentKindOfAssessment.ReportPdf,
        ["scoring-sheet.pdf"] = DocumentKindOfAssessment.ScoringSheetPdf,
        ["scoring-sheet.xlsx"] = DocumentKindOfAssessment.ScoringSheetWorkbook,
    };

    public static void MapReports(this IEndpointRouteBuilder app)
    {
        foreach (var (path, kind) in Paths)
        {
            app.MapGet($"/assessments/{{id:int}}/{path}", async (int id, HttpContext context, AssessmentDocuments documents) =>
            {
                try
                {
                    var file = await documents.MakeAsync(context.User, id, kind, context.RequestAborted);
                    return file switch
                    {
                        { Refused: true } => Results.Text("无权访问:您的账号不能查看此评估", statusCode: StatusCodes.Status403Forbidden),
                        { Missing: true } => Results.Text(file.Problem ?? "评估不存在", statusCode: StatusCodes.Status404NotFound),
                        _ => Results.File(file.Content!, file.ContentType, file.FileName),
                    };
                }
                catch (PdfUnavailableException e)
                {
                    return Results.Text(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            }).RequireAuthorization();
        }
    }
}
