using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>The yearly form's field save, called as its event handler calls it: the service, as the circuit's user.</summary>
internal static class YearlyRequests
{
    public static Task<CommandOutcome<SavedField>> SaveAsync(AppFactory app, string role, int schoolId, int year, string key, string? text, Guid? stamp = null) =>
        SaveAsUserAsync(app, SchoolTreeFactory.UserName(role), schoolId, year, key, text, stamp);

    public static Task<CommandOutcome<SavedField>> SaveAsUserAsync(AppFactory app, string userName, int schoolId, int year, string key, string? text, Guid? stamp = null) =>
        app.AsAsync<YearlyDataService, CommandOutcome<SavedField>>(userName, $"/schools/{schoolId}/data",
            (data, user) => data.SaveAsync(user, schoolId, year, key, text, stamp));
}
