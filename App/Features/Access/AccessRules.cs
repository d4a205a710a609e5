using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Access;

/// <summary>
/// Who may do what with which school: a pure function of the user's scope and the school's place in the
/// tree. Every page and endpoint asks through <see cref="SchoolAccess"/>, which calls this.
/// </summary>
public static class AccessRules
{
    public static bool Allows(UserScope scope, SchoolAction action, School school)
    {
        if (!scope.IsAuthenticated) return false;
        if (scope.IsAdministrator) return true;

        var own = scope.SchoolId == school.Id;
        var inSubtree = scope.SchoolPath is { } path && school.IsInSubtreeOf(path);
        return (scope.Role, action) switch
        {
            // A supervisor manages its school's whole subtree, but cannot move its own school out of it.
            (AppRole.Supervisor, SchoolAction.Move) => inSubtree && !own,
            (AppRole.Supervisor, _) => inSubtree,
            // A county school's leader guides its township schools (the H dimension scores it on them): it sees them, read-only.
            (AppRole.SchoolLeader, SchoolAction.View) => own || IsOwnTownship(scope, school),
            (AppRole.SchoolLeader or AppRole.SchoolStaff, SchoolAction.View or SchoolAction.EnterData) => own,
            _ => false,
        };
    }

    /// <summary>The schools a user may see in lists, as a query the database answers (no whole table in memory).</summary>
    public static IQueryable<School> Visible(this IQueryable<School> schools, UserScope scope) => scope switch
    {
        { IsAuthenticated: false } => schools.Where(_ => false),
        { IsAdministrator: true } => schools,
        { Role: AppRole.Supervisor, SchoolPath: { } path } => schools.Where(s => s.Path.StartsWith(path)),
        { Role: AppRole.SchoolLeader, SchoolId: { } id } => schools.Where(s => s.Id == id || (s.ParentId == id && s.Level == SchoolLevel.Township)),
        { Role: AppRole.SchoolStaff, SchoolId: { } id } => schools.Where(s => s.Id == id),
        _ => schools.Where(_ => false),
    };

    /// <summary>A township school directly under the user's own school.</summary>
    private static bool IsOwnTownship(UserScope scope, School school) =>
        scope.SchoolId is { } id && school.ParentId == id && school.Level == SchoolLevel.Township;
}
