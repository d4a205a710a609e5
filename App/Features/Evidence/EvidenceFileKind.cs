namespace SchoolAssessment.Features.Evidence;

/// <summary>What an uploaded evidence file really is, as decided from its content by <see cref="EvidenceFileInspector"/>.</summary>
public enum EvidenceFileKind
{
    Pdf,
    Png,
    Jpeg,

    /// <summary>Word 2007 and later (.docx).</summary>
    Word,

    /// <summary>Excel 2007 and later (.xlsx).</summary>
    Excel,

    /// <summary>Word 97–2003 (.doc), an OLE2 compound file with a <c>WordDocument</c> stream.</summary>
    LegacyWord,

    /// <summary>Excel 95–2003 (.xls), an OLE2 compound file with a <c>Workbook</c> or <c>Book</c> stream.</summary>
    LegacyExcel,
}
