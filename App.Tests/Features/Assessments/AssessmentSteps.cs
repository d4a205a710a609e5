using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>
/// An assessment's steps as the interactive pages' event handlers take them: a service called as a signed-in
/// account (<see cref="Acting"/>), its outcome returned. The moves, the team, the scores, the evidence.
/// </summary>
public static class AssessmentSteps
{
    public static Task<Guid> StampAsync(AppFactory app, int id) =>
        app.QueryAsync(db => db.Assessments.Where(a => a.Id == id).Select(a => a.ConcurrencyStamp).FirstAsync());

    /// <summary>Starts an assessment (as the school's page does) and returns its id.</summary>
    public static async Task<int> StartAsync(AppFactory app, string userName, int schoolId, string standardId, int year)
    {
        var started = await app.AsAsync<AssessmentService, CommandOutcome<Assessment>>(userName, $"/schools/{schoolId}",
            (service, user) => service.StartAsync(user, schoolId, standardId, year));
        Assert.True(started.Succeeded, string.Join("；", started.Errors.Select(e => e.Message)));
        return started.Value!.Id;
    }

    /// <summary>A move confirmed in its dialog, from the assessment as it stands now (or from <paramref name="stamp"/>, a stale page).</summary>
    public static async Task<CommandOutcome<Assessment>> MoveAsync(AppFactory app, string userName, int id, AssessmentCommand command, string? text = null,
        Guid? stamp = null, bool confirmed = true) =>
        await app.AsAsync<AssessmentService, CommandOutcome<Assessment>>(userName, $"/assessments/{id}",
            async (service, user) => await service.GiveAsync(user, id, command, stamp ?? await StampAsync(app, id), confirmed, text));

    public static Task<CommandOutcome<Assessment>> AssignAsync(AppFactory app, string userName, int id, string[] evaluators, string? lead) =>
        app.AsAsync<AssessmentService, CommandOutcome<Assessment>>(userName, $"/assessments/{id}",
            (service, user) => service.AssignAsync(user, id, evaluators, lead));

    /// <summary>One item's score saved from its card; <paramref name="stamp"/> is the version the card showed (none: not yet scored).</summary>
    public static Task<CommandOutcome<ItemScore>> ScoreAsync(AppFactory app, string userName, int id, string code, ScoreKind kind, ScoreEntry entry,
        Guid? stamp = null) =>
        app.AsAsync<ItemScoringService, CommandOutcome<ItemScore>>(userName, $"/assessments/{id}/items",
            (service, user) => service.SaveAsync(user, id, code, kind, entry, stamp));

    /// <summary>Saves over whatever is stored now (the card as freshly loaded).</summary>
    public static async Task<CommandOutcome<ItemScore>> ScoreFreshAsync(AppFactory app, string userName, int id, string code, ScoreKind kind, ScoreEntry entry)
    {
        var scorer = kind == ScoreKind.Evaluator ? await app.QueryAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstAsync()) : "";
        var stamp = await app.QueryAsync(db => db.ItemScores.Where(s => s.AssessmentId == id && s.ItemCode == code && s.Kind == kind && s.Scorer == scorer)
            .Select(s => (Guid?)s.ConcurrencyStamp).FirstOrDefaultAsync());
        return await ScoreAsync(app, userName, id, code, kind, entry, stamp);
    }

    public static ScoreEntry Level(string level, string? comment = null) => new(level, null, null, null, comment);

    public static ScoreEntry Comment(string comment) => new(null, null, null, null, comment);

    public static Task<CommandOutcome<int>> AcceptAgreedAsync(AppFactory app, string userName, int id) =>
        app.AsAsync<ItemScoringService, CommandOutcome<int>>(userName, $"/assessments/{id}/items", (service, user) => service.AcceptAgreedAsync(user, id));

    public static async Task<EvidenceResult> UploadAsync(AppFactory app, string userName, int id, string code, string fileName, byte[] content,
        EvidencePurpose purpose = EvidencePurpose.Assessment)
    {
        using var stream = new MemoryStream(content);
        return await app.AsAsync<EvidenceService, EvidenceResult>(userName, $"/assessments/{id}/items",
            (service, user) => service.UploadAsync(user, id, code, fileName, stream, purpose));
    }

    public static Task<EvidenceResult> ReviewAsync(AppFactory app, string userName, long fileId, EvidenceReview review, string? comment, Guid? stamp = null) =>
        app.AsAsync<EvidenceService, EvidenceResult>(userName, "/assessments", (service, user) => service.ReviewAsync(user, fileId, review, comment, stamp));
}
