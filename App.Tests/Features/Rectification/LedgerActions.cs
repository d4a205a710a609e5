using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rectification;

/// <summary>
/// The plan's commands as the interactive pages give them: through <see cref="RectificationService"/>, as a signed-in
/// account in a circuit (<see cref="Acting"/>). The pages' own behaviour is tested in bunit and Playwright.
/// </summary>
public static class LedgerActions
{
    private static Task<T> As<T>(AppFactory app, string role, string page, Func<RectificationService, System.Security.Claims.ClaimsPrincipal, Task<T>> act) =>
        app.AsAsync(SchoolTreeFactory.UserName(role), page, act);

    public static Task<CommandOutcome<PlanMerge>> GeneratePlanAsync(this AppFactory app, string role, int assessment, string? targetDate = null) =>
        As(app, role, $"/assessments/{assessment}/plan", (plans, user) => plans.GenerateAsync(user, assessment, targetDate));

    public static Task<CommandOutcome<int>> UploadLedgerAsync(this AppFactory app, string role, int assessment, byte[] workbook) =>
        As(app, role, $"/assessments/{assessment}/plan", (plans, user) => plans.ApplyLedgerAsync(user, assessment, new MemoryStream(workbook)));

    public static Task<CommandOutcome<RectificationLine>> SaveLineAsync(this AppFactory app, string role, RectificationLine line, LineEdit edit, Guid? stamp = null) =>
        As(app, role, $"/assessments/{line.AssessmentId}/plan/lines/{line.Id}", (plans, user) => plans.SaveLineAsync(user, line.Id, edit, stamp ?? line.ConcurrencyStamp));

    public static Task<CommandOutcome<RectificationLine>> SetLineStatusAsync(this AppFactory app, string role, RectificationLine line, RectificationStatus status,
        string? comment = null, Guid? stamp = null) =>
        As(app, role, $"/assessments/{line.AssessmentId}/plan/lines/{line.Id}",
            (plans, user) => plans.SetStatusAsync(user, line.Id, status, stamp ?? line.ConcurrencyStamp, comment));

    public static Task<CommandOutcome<RectificationLine>> ReviewLineAsync(this AppFactory app, string role, RectificationLine line, bool close, string? comment,
        Guid? stamp = null) =>
        As(app, role, $"/assessments/{line.AssessmentId}/plan/lines/{line.Id}",
            (plans, user) => plans.ReviewAsync(user, line.Id, close, comment, stamp ?? line.ConcurrencyStamp));

    /// <summary>A line's text as the form sends it: only the fields given change, the rest as stored.</summary>
    public static LineEdit EditOf(RectificationLine line, string? measures = null, string? deadline = null, string? type = null) =>
        new(line.Category, line.Goal, measures ?? line.Measures, type ?? line.Type.Name(), line.ResponsibleLeader, line.LeadUnit, line.CooperatingUnits,
            line.PersonInCharge, deadline ?? line.Deadline?.ToString("yyyy-MM-dd"), line.Progress, line.CompletionEvidence, line.Remarks);
}
