namespace SchoolAssessment.Features.Assessments;

/// <summary>How a person stands to one assessment; decided from their role, their school and the assignments.</summary>
public sealed record AssessmentParty(bool Administrator, bool SchoolLeader, bool SchoolMember, bool Supervisor, bool Evaluator, bool LeadEvaluator)
{
    public static AssessmentParty None { get; } = new(false, false, false, false, false, false);

    public bool CanRead => Administrator || SchoolMember || Supervisor || Evaluator;
}

/// <summary>
/// The assessment's state machine: which command moves which state where, and who may give it.
/// A pure function, so every page and test asks the same rules.
/// </summary>
public static class AssessmentWorkflow
{
    /// <summary>The state a command leads to from a state, or null where the command does not apply.</summary>
    public static AssessmentState? Target(AssessmentCommand command, AssessmentState state) => (command, state) switch
    {
        (AssessmentCommand.Submit, AssessmentState.SelfAssessment) => AssessmentState.Submitted,
        (AssessmentCommand.StartOnSite, AssessmentState.Submitted) => AssessmentState.OnSite,
        (AssessmentCommand.IssueFeedback, AssessmentState.OnSite) => AssessmentState.FeedbackIssued,
        (AssessmentCommand.StartRectification, AssessmentState.FeedbackIssued) => AssessmentState.Rectification,
        (AssessmentCommand.Close, AssessmentState.Rectification) => AssessmentState.Closed,
        // Reopening steps back one state, with a reason: a return for revision, a corrected feedback, a reopened ledger.
        (AssessmentCommand.Reopen, AssessmentState.Submitted) => AssessmentState.SelfAssessment,
        (AssessmentCommand.Reopen, AssessmentState.FeedbackIssued) => AssessmentState.OnSite,
        (AssessmentCommand.Reopen, AssessmentState.Closed) => AssessmentState.Rectification,
        _ => null,
    };

    /// <summary>Whether the party may give the command (the state is checked by <see cref="Target"/>).</summary>
    public static bool MayGive(AssessmentCommand command, AssessmentParty party) => party.Administrator || command switch
    {
        AssessmentCommand.Submit or AssessmentCommand.StartRectification => party.SchoolLeader,
        AssessmentCommand.StartOnSite or AssessmentCommand.Close or AssessmentCommand.Reopen => party.Supervisor,
        AssessmentCommand.IssueFeedback => party.LeadEvaluator,
        _ => false,
    };

    public static bool RequiresReason(AssessmentCommand command) => command == AssessmentCommand.Reopen;

    /// <summary>The commands the party could give now, for the buttons on the page.</summary>
    public static IEnumerable<AssessmentCommand> Available(AssessmentState state, AssessmentParty party) =>
        Enum.GetValues<AssessmentCommand>().Where(c => Target(c, state) is not null && MayGive(c, party));

    /// <summary>The school fills in its self-assessment only while it is its turn.</summary>
    public static bool SchoolMayEdit(AssessmentState state) => state == AssessmentState.SelfAssessment;

    /// <summary>Evaluators score only on site; a feedback-issued or closed assessment is read-only until reopened.</summary>
    public static bool EvaluatorsMayScore(AssessmentState state) => state == AssessmentState.OnSite;
}
