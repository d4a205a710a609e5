using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Schools;

/// <summary>
/// The school pages' commands, called as their event handlers call them: the service, once, as the circuit's user
/// (<see cref="Acting"/>), on the page the user is on.
/// </summary>
internal static class SchoolRequests
{
    /// <summary>The school page's “开始评估”.</summary>
    public static Task<CommandOutcome<Assessment>> StartAsync(AppFactory app, string role, int schoolId, string standardId, int year) =>
        app.AsAsync<AssessmentService, CommandOutcome<Assessment>>(SchoolTreeFactory.UserName(role), $"/schools/{schoolId}",
            (assessments, user) => assessments.StartAsync(user, schoolId, standardId, year));

    public static Task<CommandOutcome<School>> CreateAsync(AppFactory app, string role, int? parentId, SchoolDetails details) =>
        app.AsAsync<SchoolRegistry, CommandOutcome<School>>(SchoolTreeFactory.UserName(role), parentId is { } p ? $"/schools/new?parent={p}" : "/schools/new",
            (registry, user) => registry.CreateAsync(user, parentId, details));

    public static Task<CommandOutcome<School>> UpdateAsync(AppFactory app, string role, int id, Guid stamp, SchoolDetails details) =>
        app.AsAsync<SchoolRegistry, CommandOutcome<School>>(SchoolTreeFactory.UserName(role), $"/schools/{id}/edit",
            (registry, user) => registry.UpdateAsync(user, id, stamp, details));

    public static Task<CommandOutcome<School>> MoveAsync(AppFactory app, string role, int id, Guid stamp, int parentId) =>
        app.AsAsync<SchoolRegistry, CommandOutcome<School>>(SchoolTreeFactory.UserName(role), $"/schools/{id}/move",
            (registry, user) => registry.MoveAsync(user, id, stamp, parentId));
}
