namespace SchoolAssessment.Features.Scoring;

/// <summary>One bad entry in a school's data: <see cref="Key"/> is the offending key as the input names it.</summary>
public sealed record InputError(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>The school's data cannot be scored; nothing was scored.</summary>
public sealed class ScoringInputException(IReadOnlyList<InputError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<InputError> Errors { get; } = errors;
}
