namespace SchoolAssessment.Shared;

/// <summary>How a command ended: done, invalid (the fields named), refused (the user may not), or a conflict (someone saved first).</summary>
public enum OutcomeKind
{
    Ok,
    Invalid,
    Refused,
    Conflict,
}

/// <summary>
/// The outcome of a command: its value, or why not. Services return it; pages turn it into UI in one place
/// (<c>Components/Shared/OutcomeView</c>: a snackbar, field errors, or a conflict dialog).
/// A conflict or an invalid value may still carry the current value, to be shown again.
/// </summary>
public sealed record CommandOutcome<T>(OutcomeKind Kind, T? Value, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => Kind == OutcomeKind.Ok;

    public bool Refused => Kind == OutcomeKind.Refused;

    public bool Conflicted => Kind == OutcomeKind.Conflict;

    public static CommandOutcome<T> Denied { get; } = new(OutcomeKind.Refused, default, []);

    public static CommandOutcome<T> Ok(T value) => new(OutcomeKind.Ok, value, []);

    public static CommandOutcome<T> Invalid(params FieldError[] errors) => new(OutcomeKind.Invalid, default, errors);

    /// <summary>Invalid, with the current value to show again.</summary>
    public static CommandOutcome<T> Invalid(T? current, params FieldError[] errors) => new(OutcomeKind.Invalid, current, errors);

    public static CommandOutcome<T> Conflict(T? current, params FieldError[] errors) => new(OutcomeKind.Conflict, current, errors);

    /// <summary>The messages for one field.</summary>
    public IEnumerable<string> For(string field) => Errors.Where(e => e.Field == field).Select(e => e.Message);
}
