using Microsoft.AspNetCore.Identity;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Accounts;

/// <summary>A person who signs in: one role, and for most roles one school they are bound to.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public int? SchoolId { get; set; }

    public School? School { get; set; }

    /// <summary>Set for a one-time password: the user must choose their own before doing anything else.</summary>
    public bool MustChangePassword { get; set; }

    public bool IsDemo { get; set; }
}
