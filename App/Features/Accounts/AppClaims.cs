namespace SchoolAssessment.Features.Accounts;

/// <summary>Claims added at sign-in, for display only: access is decided from the database (SchoolAccess).</summary>
public static class AppClaims
{
    public const string DisplayName = "display_name";
    public const string MustChangePassword = "must_change_password";
}
