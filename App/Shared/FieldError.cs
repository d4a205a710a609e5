namespace SchoolAssessment.Shared;

/// <summary>A message for one form field, named in the user's words.</summary>
public sealed record FieldError(string Field, string Message);
