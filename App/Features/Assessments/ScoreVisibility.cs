namespace SchoolAssessment.Features.Assessments;

/// <summary>
/// Whose item scores a viewer may see while evaluators score on their own: the lead, a supervisor and an
/// administrator see every evaluator's and the final score; anyone else sees only their own evaluator score
/// (and no final one) until the feedback is issued. The items page and the record both ask this one rule.
/// </summary>
public sealed record ScoreVisibility(bool AllEvaluators, bool Final, string? Viewer)
{
    public static ScoreVisibility Everything { get; } = new(true, true, null);

    public static ScoreVisibility For(AssessmentParty party, AssessmentState state, string? viewerUserName) => new(
        AllEvaluators: party.LeadEvaluator || party.Administrator || party.Supervisor || state > AssessmentState.OnSite,
        Final: party.LeadEvaluator || party.Administrator || state > AssessmentState.OnSite,
        Viewer: viewerUserName);

    /// <summary>Whether a stored score is shown to this viewer (<paramref name="viewerUserId"/>: the scorer id of their own evaluator scores).</summary>
    public bool Shows(ItemScore score, string? viewerUserId) => score.Kind switch
    {
        ScoreKind.Self => true,
        ScoreKind.Evaluator => AllEvaluators || (viewerUserId is not null && score.Scorer == viewerUserId),
        ScoreKind.Final => Final,
        _ => false,
    };
}
