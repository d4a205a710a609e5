using SchoolAssessment.Features.Accounts;

namespace SchoolAssessment.Features.Access;

/// <summary>Who is asking: their role, and the school they are bound to with its current place in the tree.</summary>
public sealed record UserScope(string? UserName, string? Role, int? SchoolId, string? SchoolPath)
{
    public static UserScope Anonymous { get; } = new(null, null, null, null);

    public bool IsAuthenticated => UserName is not null;

    public bool IsAdministrator => Role == AppRole.Administrator;
}
