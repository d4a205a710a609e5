namespace SchoolAssessment.Features.Evidence;

/// <summary>The extensions a kind may carry and the content type it is served with.</summary>
public static class EvidenceFileKinds
{
    public static IReadOnlyList<string> Extensions(this EvidenceFileKind kind) => kind switch
    {
        EvidenceFileKind.Pdf => [".pdf"],
        EvidenceFileKind.Png => [".png"],
        EvidenceFileKind.Jpeg => [".jpg", ".jpeg"],
        EvidenceFileKind.Word => [".docx"],
        EvidenceFileKind.Excel => [".xlsx"],
        EvidenceFileKind.LegacyWord => [".doc"],
        EvidenceFileKind.LegacyExcel => [".xls"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The MIME type for a download; never taken from what the browser said at upload.</summary>
    public static string ContentType(this EvidenceFileKind kind) => kind switch
    {
        EvidenceFileKind.Pdf => "application/pdf",
        EvidenceFileKind.Png => "image/png",
        EvidenceFileKind.Jpeg => "image/jpeg",
        EvidenceFileKind.Word => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        EvidenceFileKind.Excel => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        EvidenceFileKind.LegacyWord => "application/msword",
        EvidenceFileKind.LegacyExcel => "application/vnd.ms-excel",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every accepted extension, lower case, e.g. for an upload field's <c>accept</c> attribute.</summary>
    public static IReadOnlyList<string> AllExtensions { get; } =
        [.. Enum.GetValues<EvidenceFileKind>().SelectMany(Extensions)];
}
