namespace SchoolAssessment.Features.Evidence;

/// <summary>The inspector's verdict: the kind of a file it accepts, or the reason (in Chinese, for the user) it refuses.</summary>
public sealed record EvidenceCheck(EvidenceFileKind? Kind, string? Error)
{
    public bool IsValid => Kind is not null && Error is null;

    public static EvidenceCheck Accept(EvidenceFileKind kind) => new(kind, null);

    public static EvidenceCheck Refuse(string error) => new(null, error);
}
