using SchoolAssessment.Features.Assessments;

namespace SchoolAssessment.Tests.Features.Assessments;

public class AssessmentWorkflowTests
{
    private static readonly AssessmentParty Leader = AssessmentParty.None with { SchoolLeader = true, SchoolMember = true };
    private static readonly AssessmentParty Staff = AssessmentParty.None with { SchoolMember = true };
    private static readonly AssessmentParty Supervisor = AssessmentParty.None with { Supervisor = true };
    private static readonly AssessmentParty Evaluator = AssessmentParty.None with { Evaluator = true };
    private static readonly AssessmentParty Lead = AssessmentParty.None with { Evaluator = true, LeadEvaluator = true };
    private static readonly AssessmentParty Admin = AssessmentParty.None with { Administrator = true };

    public static TheoryData<AssessmentCommand, AssessmentState, AssessmentState?> Moves => new()
    {
        { AssessmentCommand.Submit, AssessmentState.SelfAssessment, AssessmentState.Submitted },
        { AssessmentCommand.StartOnSite, AssessmentState.Submitted, AssessmentState.OnSite },
        { AssessmentCommand.IssueFeedback, AssessmentState.OnSite, AssessmentState.FeedbackIssued },
        { AssessmentCommand.StartRectification, AssessmentState.FeedbackIssued, AssessmentState.Rectification },
        { AssessmentCommand.Close, AssessmentState.Rectification, AssessmentState.Closed },
        { AssessmentCommand.Reopen, AssessmentState.Submitted, AssessmentState.SelfAssessment },
        { AssessmentCommand.Reopen, AssessmentState.FeedbackIssued, AssessmentState.OnSite },
        { AssessmentCommand.Reopen, AssessmentState.Closed, AssessmentState.Rectification },
        { AssessmentCommand.Submit, AssessmentState.OnSite, null },
        { AssessmentCommand.Close, AssessmentState.OnSite, null },
        { AssessmentCommand.IssueFeedback, AssessmentState.Submitted, null },
        { AssessmentCommand.Reopen, AssessmentState.SelfAssessment, null },
        { AssessmentCommand.Reopen, AssessmentState.OnSite, null },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Each_command_moves_exactly_one_state(AssessmentCommand command, AssessmentState from, AssessmentState? to)
    {
        Assert.Equal(to, AssessmentWorkflow.Target(command, from));
    }

    [Fact]
    public void Each_move_is_allowed_only_to_its_role()
    {
        var parties = new[] { ("leader", Leader), ("staff", Staff), ("supervisor", Supervisor), ("evaluator", Evaluator), ("lead", Lead), ("admin", Admin) };
        var expected = new Dictionary<AssessmentCommand, string[]>
        {
            [AssessmentCommand.Submit] = ["leader", "admin"],
            [AssessmentCommand.StartOnSite] = ["supervisor", "admin"],
            [AssessmentCommand.IssueFeedback] = ["lead", "admin"],
            [AssessmentCommand.StartRectification] = ["leader", "admin"],
            [AssessmentCommand.Close] = ["supervisor", "admin"],
            [AssessmentCommand.Reopen] = ["supervisor", "admin"],
        };

        foreach (var (command, allowed) in expected)
            Assert.Equal(allowed, parties.Where(p => AssessmentWorkflow.MayGive(command, p.Item2)).Select(p => p.Item1));
    }

    [Fact]
    public void A_feedback_issued_or_closed_assessment_is_read_only_until_reopened()
    {
        Assert.False(AssessmentWorkflow.EvaluatorsMayScore(AssessmentState.FeedbackIssued));
        Assert.False(AssessmentWorkflow.EvaluatorsMayScore(AssessmentState.Closed));
        Assert.False(AssessmentWorkflow.SchoolMayEdit(AssessmentState.Closed));
        Assert.True(AssessmentWorkflow.EvaluatorsMayScore(AssessmentWorkflow.Target(AssessmentCommand.Reopen, AssessmentState.FeedbackIssued)!.Value));
    }

    [Fact]
    public void The_buttons_offered_are_the_moves_the_party_may_make_now()
    {
        Assert.Equal([AssessmentCommand.Submit], AssessmentWorkflow.Available(AssessmentState.SelfAssessment, Leader));
        Assert.Empty(AssessmentWorkflow.Available(AssessmentState.SelfAssessment, Staff));
        Assert.Equal([AssessmentCommand.StartOnSite, AssessmentCommand.Reopen], AssessmentWorkflow.Available(AssessmentState.Submitted, Supervisor));
        Assert.Equal([AssessmentCommand.IssueFeedback], AssessmentWorkflow.Available(AssessmentState.OnSite, Lead));
        Assert.Empty(AssessmentWorkflow.Available(AssessmentState.OnSite, Evaluator));
    }
}
