namespace SchoolAssessment.Features.Standards;

/// <summary>A standard or indicator file that breaks SCORING.md; each error names the file, the item and the reason.</summary>
public sealed class StandardFileException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
