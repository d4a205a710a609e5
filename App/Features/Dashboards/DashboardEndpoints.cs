using SchoolAssessment.Features.Dashboards.Pages;
using SchoolAssessment.Features.Documents;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Features.Documents.Spreadsheets;

namespace SchoolAssessment.Features.Dashboards;

/// <summary>The regional report of the dashboard's filter, as a workbook and as a PDF, for the supervisor who may see it.</summary>
public static class DashboardEndpoints
{
    public static void MapDashboards(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard/report.xlsx", async (HttpContext context, SupervisorDashboardService dashboard) =>
        {
            if (await dashboard.LoadAsync(context.User, DashboardQuery.Filter(context.Request.Query), context.RequestAborted) is not { } picture) return Refused();
            var rows = await dashboard.AllRowsAsync(picture, context.RequestAborted).ToListAsync(context.RequestAborted);
            return Results.File(XlsxWriter.ToBytes(RegionalReport.Sheets(picture, rows)), XlsxWriter.ContentType, DocumentFileName.Of("xlsx", "达标情况", picture.Root.Name, picture.Year));
        }).RequireAuthorization();

        app.MapGet("/dashboard/report.pdf", async (HttpContext context, SupervisorDashboardService dashboard, PdfPrinter printer, TimeProvider clock) =>
        {
            if (await dashboard.LoadAsync(context.User, DashboardQuery.Filter(context.Request.Query), context.RequestAborted) is not { } picture) return Refused();
            var rows = await dashboard.AllRowsAsync(picture, context.RequestAborted).ToListAsync(context.RequestAborted);
            try
            {
                var pdf = await printer.PrintAsync<RegionalReportDocument>(new Dictionary<string, object?>
                {
                    ["Picture"] = picture, ["Rows"] = rows, ["Today"] = DateOnly.FromDateTime(clock.GetLocalNow().DateTime),
                }, context.RequestAborted);
                return Results.File(pdf, "application/pdf", DocumentFileName.Of("pdf", "达标情况报告", picture.Root.Name, picture.Year));
            }
            catch (PdfUnavailableException e)
            {
                return Results.Text(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).RequireAuthorization();
    }

    private static IResult Refused() => Results.Text("无权访问:辖区概况仅供上级党校和管理员查看", statusCode: StatusCodes.Status403Forbidden);
}
