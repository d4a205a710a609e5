namespace SchoolAssessment.Persistence;

/// <summary>
/// A version of a standard as it was loaded, kept forever so that an assessment can be pinned to the
/// exact rules in force when it started, even after seed-data changes.
/// </summary>
public sealed class StandardVersion
{
    public int Id { get; set; }

    public required string StandardId { get; set; }

    public required string Version { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the file text, hex: the same text is stored once.</summary>
    public required string ContentHash { get; set; }

    public required string Content { get; set; }

    public DateTime LoadedAtUtc { get; set; }
}
