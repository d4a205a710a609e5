using System.Security.Claims;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Documents;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Rectification.Pages;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Reports;

/// <summary>The documents an assessment has.</summary>
public enum DocumentKindOfAssessment
{
    PlanWorkbook,
    PlanPdf,
    ReportPdf,
    ScoringSheetPdf,
    ScoringSheetWorkbook,
}

/// <summary>A file made for a user, or why not: the assessment is missing, the user may not read it, or there is no plan yet.</summary>
public sealed record DocumentFile(byte[]? Content, string FileName, string ContentType, string? Problem = null, bool Refused = false, bool Missing = false)
{
    public static DocumentFile RefusedFile { get; } = new(null, "", "", Refused: true);

    public static DocumentFile MissingFile(string? why = null) => new(null, "", "", why, Missing: true);
}

/// <summary>
/// Makes an assessment's documents for a user: the web endpoints and the command line both ask here, so a
/// file is the same whichever way it is fetched, and the same access rules apply.
/// </summary>
public sealed class AssessmentDocuments(RectificationService plans, AssessmentService assessments, PinnedStandards pinned, StandardLibrary library,
    PdfPrinter printer)
{
    public const string PdfContentType = "application/pdf";

    public static string Extension(DocumentKindOfAssessment kind) =>
        kind is DocumentKindOfAssessment.PlanWorkbook or DocumentKindOfAssessment.ScoringSheetWorkbook ? "xlsx" : "pdf";

    /// <summary>Makes the document; a missing Chromium throws <see cref="PdfUnavailableException"/> for the caller to show.</summary>
    public async Task<DocumentFile> MakeAsync(ClaimsPrincipal user, int assessmentId, DocumentKindOfAssessment kind, CancellationToken cancellationToken = default)
    {
        if (kind is DocumentKindOfAssessment.ScoringSheetPdf or DocumentKindOfAssessment.ScoringSheetWorkbook)
        {
            var (assessment, party) = await assessments.OpenAsync(user, assessmentId, cancellationToken);
            if (assessment is null) return DocumentFile.MissingFile();
            if (!party.CanRead) return DocumentFile.RefusedFile;
            var standard = await pinned.GetAsync(assessment.StandardVersionId, cancellationToken);
            return kind == DocumentKindOfAssessment.ScoringSheetWorkbook
                ? new DocumentFile(XlsxWriter.ToBytes([ScoringSheetWorkbook.Sheet(assessment, standard, library.Indicators)]), FileName("评分表", assessment, standard, "xlsx"), XlsxWriter.ContentType)
                : new DocumentFile(await printer.PrintAsync<ScoringSheet>(new Dictionary<string, object?>
                {
                    ["Assessment"] = assessment, ["Standard"] = standard, ["Catalog"] = library.Indicators,
                }, cancellationToken), FileName("评分表", assessment, standard, "pdf"), PdfContentType);
        }

        var view = await plans.OpenAsync(user, assessmentId, cancellationToken);
        if (view is null) return await plans.ExistsAsync(assessmentId, cancellationToken) ? DocumentFile.RefusedFile : DocumentFile.MissingFile();
        var school = view.Assessment.School!.Name;
        switch (kind)
        {
            case DocumentKindOfAssessment.ReportPdf:
                // The report names the team by 姓名, never by login name.
                var team = (await assessments.TeamMembersAsync(view.Assessment, cancellationToken)).Select(m => (m.Name, m.IsLead)).ToList();
                return new DocumentFile(await printer.PrintAsync<AssessmentReport>(new Dictionary<string, object?> { ["View"] = view, ["Team"] = team }, cancellationToken),
                    FileName("评估报告", view.Assessment, view.Standard, "pdf"), PdfContentType);
            case DocumentKindOfAssessment.PlanWorkbook when view.Plan is not null:
                return new DocumentFile(XlsxWriter.ToBytes(LedgerWorkbook.Sheets(view, library.Indicators, school)), FileName("整改台账", view.Assessment, view.Standard, "xlsx"), XlsxWriter.ContentType);
            case DocumentKindOfAssessment.PlanPdf when view.Plan is not null:
                return new DocumentFile(await printer.PrintAsync<PlanDocument>(new Dictionary<string, object?> { ["View"] = view }, cancellationToken),
                    FileName("整改方案", view.Assessment, view.Standard, "pdf"), PdfContentType);
            default:
                return DocumentFile.MissingFile("此评估还没有整改台账,请先生成");
        }
    }

    // A school is often assessed on two standards in one year: the standard's name tells the files apart.
    private static string FileName(string document, Assessment assessment, Standard standard, string extension) =>
        DocumentFileName.Of(extension, document, assessment.School!.Name, assessment.Year, standard.Name);
}
