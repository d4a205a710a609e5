namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>How a printed document is laid out (see wwwroot/css/print.css).</summary>
public enum DocumentKind
{
    /// <summary>A formal document in the style of GB/T 9704-2012 (整改方案 and the like).</summary>
    Official,

    /// <summary>A working report: denser sans-serif text, "第 N 页 / 共 M 页" footer.</summary>
    Report,
}
