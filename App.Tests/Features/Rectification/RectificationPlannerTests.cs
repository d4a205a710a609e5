using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rectification;

/// <summary>The ledger drafted from the gaps of the shipped standard, and regenerated without losing what people wrote.</summary>
public class RectificationPlannerTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static SchoolData Example => ScoringJson.ReadInput(File.ReadAllText(Path.Combine(SeedLibrary.RepositoryRoot, "docs", "examples", "optimized-development.json")));

    private static IReadOnlyList<Gap> GapsOf(SchoolData data)
    {
        var standard = SeedLibrary.Get("optimized-development");
        var result = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, data);
        return GapFinder.Find(result, SeedLibrary.Value.Indicators, data);
    }

    private static RectificationPlan NewPlan() => new() { AssessmentId = 7, SchoolId = 3, BasisGrade = "未达标", TargetDate = new DateOnly(2027, 6, 30) };

    [Fact]
    public void A_first_generation_drafts_one_line_per_gap_in_the_gap_order_with_the_items_hint()
    {
        var gaps = GapsOf(Example);
        var plan = NewPlan();

        var merge = RectificationPlanner.Merge(plan, gaps, Today);

        Assert.Equal(gaps.Count, merge.Added);
        Assert.Equal(gaps.Select(g => g.Item.Code), plan.Lines.OrderBy(l => l.Position).Select(l => l.ItemCode));
        foreach (var (line, gap) in plan.Lines.Zip(gaps))
        {
            Assert.Equal(gap.Description, line.Problem);
            Assert.Equal(gap.Lost, line.PointsLost);
            Assert.Equal(7, line.AssessmentId);
            Assert.False(string.IsNullOrWhiteSpace(line.Measures));
            Assert.False(string.IsNullOrWhiteSpace(line.LeadUnit));
            if (gap.Item.Hint is { Length: > 0 } hint) Assert.Equal(hint, line.Measures);
            // A veto item is fixed at once, within a month; ongoing work has no date; the rest is due with the plan.
            if (gap.Veto) Assert.Equal((RectificationType.Immediate, (DateOnly?)Today.AddMonths(1)), (line.Type, line.Deadline));
            else if (line.Type == RectificationType.ByDeadline) Assert.Equal(plan.TargetDate, line.Deadline);
            else if (line.Type == RectificationType.Ongoing) Assert.Null(line.Deadline);
        }
    }

    [Fact]
    public void Gaps_are_drafted_with_the_owners_their_kind_usually_has()
    {
        var plan = NewPlan();
        RectificationPlanner.Merge(plan, GapsOf(SchoolData.Empty), Today);

        // With no data every item is a gap: the teacher items go to the organisation department, funds to the finance bureau.
        var teachers = plan.Lines.First(l => l.ItemName.Contains("教师"));
        Assert.Equal(("师资队伍", "县委组织部"), (teachers.Category, teachers.LeadUnit));
        var funds = plan.Lines.First(l => l.ItemName.Contains("经费"));
        Assert.Equal(("经费保障", "县财政局"), (funds.Category, funds.LeadUnit));
    }

    [Fact]
    public void Regenerating_refreshes_the_gap_columns_and_keeps_every_written_column()
    {
        var plan = NewPlan();
        RectificationPlanner.Merge(plan, GapsOf(SchoolData.Empty), Today);
        var line = plan.Lines.First(l => l.ItemCode == GapsOf(Example)[0].Item.Code);
        line.Measures = "校委会自定措施";
        line.PersonInCharge = "王主任";
        line.Status = RectificationStatus.InProgress;
        line.Deadline = new DateOnly(2027, 1, 15);
        line.Problem = "旧的描述";

        var merge = RectificationPlanner.Merge(plan, GapsOf(Example), Today);

        Assert.Equal(0, merge.Added);
        Assert.Equal(("校委会自定措施", "王主任", RectificationStatus.InProgress, (DateOnly?)new DateOnly(2027, 1, 15)),
            (line.Measures, line.PersonInCharge, line.Status, line.Deadline));
        Assert.Equal(GapsOf(Example)[0].Description, line.Problem);
    }

    [Fact]
    public void A_line_whose_gap_has_gone_is_kept_marked_and_moved_to_the_end_and_comes_back_if_the_gap_returns()
    {
        var plan = NewPlan();
        RectificationPlanner.Merge(plan, GapsOf(SchoolData.Empty), Today);
        var exampleGaps = GapsOf(Example);
        var fixedLine = plan.Lines.First(l => exampleGaps.All(g => g.Item.Code != l.ItemCode));
        fixedLine.Progress = "已完成招聘";

        var merge = RectificationPlanner.Merge(plan, exampleGaps, Today);

        Assert.Equal(plan.Lines.Count - exampleGaps.Count, merge.Resolved);
        Assert.True(fixedLine.GapResolved);
        Assert.Equal("已完成招聘", fixedLine.Progress);
        Assert.True(fixedLine.Position > exampleGaps.Count);

        var again = RectificationPlanner.Merge(plan, GapsOf(SchoolData.Empty), Today);
        Assert.False(fixedLine.GapResolved);
        Assert.Equal(merge.Resolved, again.Reopened);
        Assert.Equal(0, again.Added);
    }

    [Theory]
    [InlineData(RectificationStatus.NotStarted, "2026-11-21", true)]
    [InlineData(RectificationStatus.InProgress, "2026-11-21", true)]
    [InlineData(RectificationStatus.InProgress, "2026-11-22", false)] // due today is not late yet
    [InlineData(RectificationStatus.Completed, "2026-01-01", false)] // done, waiting for close-out
    [InlineData(RectificationStatus.Closed, "2026-01-01", false)]
    public void A_line_is_overdue_only_past_its_deadline_and_not_done(RectificationStatus status, string deadline, bool overdue)
    {
        var line = new RectificationLine { ItemCode = "A1", ItemName = "", DimensionCode = "A", DimensionName = "", Status = status, Deadline = DateOnly.Parse(deadline) };

        Assert.Equal(overdue, RectificationRules.IsOverdue(line, Today));
    }

    [Fact]
    public void A_line_closes_only_when_completed_with_accepted_evidence()
    {
        var line = new RectificationLine { ItemCode = "A1", ItemName = "", DimensionCode = "A", DimensionName = "", Status = RectificationStatus.InProgress };
        Assert.Contains("已完成", RectificationRules.CloseOutRefusal(line, 3));
        line.Status = RectificationStatus.Completed;
        Assert.Contains("佐证材料", RectificationRules.CloseOutRefusal(line, 0));
        Assert.Null(RectificationRules.CloseOutRefusal(line, 1));
        Assert.False(RectificationRules.SchoolMaySet(RectificationStatus.Completed, RectificationStatus.Closed));
        Assert.False(RectificationRules.SchoolMaySet(RectificationStatus.Closed, RectificationStatus.InProgress));
        Assert.True(RectificationRules.SchoolMaySet(RectificationStatus.Completed, RectificationStatus.InProgress));
    }
}
