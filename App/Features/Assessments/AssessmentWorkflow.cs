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

    /// <summary>What a command will do, in the words the confirmation shows before it is given.</summary>
    public static string Consequence(AssessmentCommand command, AssessmentState state) => (command, state) switch
    {
        (AssessmentCommand.Submit, _) => "提交后本年度指标按当前数据冻结，学校不能再修改自评；由上级主管指派评估组并开始现场评估。",
        (AssessmentCommand.StartOnSite, _) => "开始后评估组成员逐项评分，组长核定最终得分；学校不能再修改自评。",
        (AssessmentCommand.IssueFeedback, _) => "出具后最终得分和等级即为正式结果，评分不能再修改；学校据此开始整改。",
        (AssessmentCommand.StartRectification, _) => "开始后学校根据最终得分的差距生成整改台账，逐项整改并上传佐证材料。",
        (AssessmentCommand.Close, _) => "验收销号后评估结束，整改台账锁定，任何人不能再修改；如需修改须由上级主管退回重开。",
        (AssessmentCommand.Reopen, AssessmentState.Submitted) => "退回后评估回到“自评”，学校可以修改自评和数据后重新提交。",
        (AssessmentCommand.Reopen, AssessmentState.FeedbackIssued) => "退回后评估回到“现场评估”，已出具的结果作废，评估组可以修改评分后重新出具反馈意见。",
        (AssessmentCommand.Reopen, AssessmentState.Closed) => "退回后评估回到“整改中”，整改台账的每一项及其记录都保留，已锁定的事项重新可以编辑。",
        _ => $"{command.Name()}。",
    };

    /// <summary>The school fills in its self-assessment only while it is its turn.</summary>
    public static bool SchoolMayEdit(AssessmentState state) => state == AssessmentState.SelfAssessment;

    /// <summary>Evaluators score only on site; a feedback-issued or closed assessment is read-only until reopened.</summary>
    public static bool EvaluatorsMayScore(AssessmentState state) => state == AssessmentState.OnSite;
}
