namespace SchoolAssessment.Shared;

/// <summary>Reading a list of field errors beside a form's fields (MudBlazor's Error and ErrorText).</summary>
public static class FieldErrors
{
    public static bool Has(this IReadOnlyList<FieldError> errors, string field) => errors.Any(e => e.Field == field);

    /// <summary>The field's messages in one line, or null when it has none.</summary>
    public static string? For(this IReadOnlyList<FieldError> errors, string field) =>
        errors.Any(e => e.Field == field) ? string.Join("；", errors.Where(e => e.Field == field).Select(e => e.Message)) : null;
}
