namespace SchoolAssessment.Features.Evidence;

/// <summary>A file in the <see cref="EvidenceStore"/>: its SHA-256 (64 lower-case hex characters) is its address.</summary>
public sealed record StoredFile(string Sha256, long Length);
