using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>The panel's final-score rules: the proposal, the override carried, which items are still undecided, the feedback's refusal.</summary>
public class FinalProposalsTests
{
    private static readonly Item Teachers = Item("C1", 6, new ThresholdRule("teachers", Linear(10)));
    private static readonly Item Platform = Item("B5", 3, new GradedRule(
        [new GradeLevel("A", "好", 1), new GradeLevel("B", "较好", 0.75m), new GradeLevel("C", "一般", 0.5m), new GradeLevel("D", "差", 0)]));
    private static readonly Item Culture = Item("D2", 3, new JudgementRule());
    private static readonly Item Facilities = Item("A3", 1, new ChecklistRule(["campus", "library", "canteen"], ChecklistMode.Linear));
    private static readonly Standard Standard = TestStandards.Standard(Teachers, Platform, Culture, Facilities);
    private static readonly (string, string)[] Team = [("u1", "张专家"), ("u2", "李专家")];

    private static ItemScore Evaluator(string user, string code, string? level = null, decimal? judged = null, decimal? @override = null, string? reason = null) =>
        new() { ItemCode = code, Kind = ScoreKind.Evaluator, Scorer = user, Level = level, Judged = judged, OverrideScore = @override, OverrideReason = reason };

    private static ItemScore Final(string code, string? level = null) => new() { ItemCode = code, Kind = ScoreKind.Final, Level = level };

    private static IReadOnlyList<FinalProposal> Propose(params ItemScore[] scores) =>
        FinalProposals.For(Standard, Catalog, Data(("teachers", 10), ("campus", true), ("library", false), ("canteen", false)), Team, scores);

    [Fact]
    public void The_team_s_agreed_override_is_proposed_with_its_reason()
    {
        var c1 = Propose(Evaluator("u1", "C1", @override: 4, reason: "2人为借调"), Evaluator("u2", "C1", @override: 4, reason: "2人为借调")).Single(p => p.Code == "C1");

        Assert.True(c1.Agreed);
        Assert.Equal(4m, c1.Score);
        Assert.Equal(4m, c1.OverrideScore);
        Assert.Equal("2人为借调", c1.OverrideReason);
    }

    [Fact]
    public void Disagreeing_evaluators_are_proposed_their_mean_rounded_to_the_item_s_step()
    {
        var proposals = Propose(
            Evaluator("u1", "C1", @override: 4, reason: "借调"),           // the other leaves the computed 6
            Evaluator("u1", "B5", level: "A"), Evaluator("u2", "B5", level: "C"), // 3 and 1.5: mean 2.25 is level B
            Evaluator("u1", "D2", judged: 3), Evaluator("u2", "D2", judged: 2),   // mean 2.5 on a half-point item
            Evaluator("u1", "A3", @override: 0.33m, reason: "仅一处"));          // 0.33 against the computed 0.33: agreed

        var c1 = proposals.Single(p => p.Code == "C1");
        Assert.False(c1.Agreed);
        Assert.Equal(5m, c1.Score);
        Assert.Equal(5m, c1.OverrideScore);
        Assert.Contains("张专家 4", c1.OverrideReason);
        var b5 = proposals.Single(p => p.Code == "B5");
        Assert.Equal((2.25m, "B", (decimal?)null), (b5.Score!.Value, b5.Level, b5.OverrideScore));
        Assert.Equal(2.5m, proposals.Single(p => p.Code == "D2").Judged);
        Assert.True(proposals.Single(p => p.Code == "A3").Agreed);
        Assert.Equal(0.33m, proposals.Single(p => p.Code == "A3").Score);
    }

    [Fact]
    public void A_judgement_item_no_evaluator_scored_has_no_proposal_and_a_data_item_proposes_its_computed_score()
    {
        var proposals = Propose();

        Assert.Null(proposals.Single(p => p.Code == "B5").Score);
        Assert.False(proposals.Single(p => p.Code == "B5").Agreed);
        Assert.Equal(6m, proposals.Single(p => p.Code == "C1").Score);
        Assert.True(proposals.Single(p => p.Code == "C1").Agreed);
        Assert.Null(proposals.Single(p => p.Code == "C1").OverrideScore);
    }

    [Theory]
    [InlineData("C1", 4.337, 4.34)]   // a linear rule: hundredths
    [InlineData("A3", 0.335, 0.34)]   // 0.33 a facility
    [InlineData("D2", 2.3, 2.5)]      // judgement: half points
    [InlineData("B5", 2.254, 2.25)]   // levels at 0.75: hundredths
    public void Scores_round_to_the_item_s_own_step(string code, double mean, double expected)
    {
        Assert.Equal((decimal)expected, FinalProposals.RoundToStep(Standard.FindItem(code)!, (decimal)mean));
    }

    [Fact]
    public void The_feedback_is_refused_while_an_item_has_no_final_score_naming_each()
    {
        var missing = FinalProposals.Missing(Standard, [Final("C1"), Final("B5", "A"), Final("A3")]);
        var undecidedLevel = FinalProposals.Missing(Standard, [Final("C1"), Final("B5"), Final("D2"), Final("A3")]);

        Assert.Equal(["D2"], missing.Select(i => i.Code));
        Assert.Equal(["B5", "D2"], undecidedLevel.Select(i => i.Code)); // a final row without a level or a score decides nothing
        Assert.Contains("D2 项目D2", FinalProposals.FeedbackRefusal(missing));
        Assert.Null(FinalProposals.FeedbackRefusal(FinalProposals.Missing(Standard, [Final("C1"), Final("B5", "A"), new() { ItemCode = "D2", Kind = ScoreKind.Final, Judged = 2 }, Final("A3")])));
    }

    [Fact]
    public void Every_state_move_says_what_it_will_do()
    {
        Assert.Contains("每一项及其记录都保留", AssessmentWorkflow.Consequence(AssessmentCommand.Reopen, AssessmentState.Closed));
        Assert.Contains("锁定", AssessmentWorkflow.Consequence(AssessmentCommand.Close, AssessmentState.Rectification));
        Assert.All(Enum.GetValues<AssessmentCommand>(), c => Assert.EndsWith("。", AssessmentWorkflow.Consequence(c, AssessmentState.Submitted)));
    }
}
