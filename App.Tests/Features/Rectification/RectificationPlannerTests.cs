using SchoolAssessment.Features.Documents;
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
            Assert.Equal(RectificationPlanner.Problem(gap, null), line.Problem);
            Assert.DoesNotContain("失", line.Problem); // a finding, never the points lost
            Assert.DoesNotContain("满分", line.Goal);
            Assert.Equal(gap.Lost, line.PointsLost);
            Assert.Equal(7, line.AssessmentId);
            Assert.False(string.IsNullOrWhiteSpace(line.Measures));
            Assert.False(string.IsNullOrWhiteSpace(line.LeadUnit));
            if (gap.Item.Hint is { Length: > 0 } hint)
            {
                // The hint's measures, its units moved into the line's fields: the text and the fields never disagree.
                var (measures, lead, _) = RectificationDefaults.SplitHint(hint);
                Assert.Equal(ChineseText.Typeset(measures), line.Measures);
                Assert.DoesNotContain("牵头", line.Measures);
                if (lead is not null) Assert.Equal(lead, line.LeadUnit);
            }
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

        // With no data every item is a gap: the teacher items go to the organisation department, as their hint says.
        var teachers = plan.Lines.First(l => l.ItemName.Contains("教师"));
        Assert.Equal(("师资队伍", "县委组织部"), (teachers.Category, teachers.LeadUnit));
        var funds = plan.Lines.First(l => l.ItemName.Contains("经费"));
        Assert.Equal("经费保障", funds.Category);
    }

    [Fact]
    public void A_township_plan_names_only_township_owners()
    {
        var standard = SeedLibrary.Get("township-six-haves");
        var result = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, SchoolData.Empty);
        var plan = NewPlan();

        RectificationPlanner.Merge(plan, GapFinder.Find(result, SeedLibrary.Value.Indicators, SchoolData.Empty), Today, township: true);

        Assert.NotEmpty(plan.Lines);
        foreach (var line in plan.Lines)
        {
            var owners = line.ResponsibleLeader + line.LeadUnit + line.Measures;
            foreach (var county in new[] { "党校常务副校长", "县委组织部部长", "党校教务科", "县委常委会", "县发改局" }) Assert.DoesNotContain(county, owners);
        }
    }

    [Fact]
    public void The_problem_is_the_evaluators_finding_with_the_gaps_facts_and_the_goal_the_state_to_reach()
    {
        var gap = GapsOf(Example).First(g => g.Target is not null);
        var scores = new[]
        {
            new SchoolAssessment.Features.Assessments.ItemScore { ItemCode = gap.Item.Code, Kind = SchoolAssessment.Features.Assessments.ScoreKind.Evaluator, Comment = "专职教师不足, 教学多靠外请" },
            new SchoolAssessment.Features.Assessments.ItemScore { ItemCode = gap.Item.Code, Kind = SchoolAssessment.Features.Assessments.ScoreKind.Final, Comment = "现有专职教师数量不足,缺口较大" },
            new SchoolAssessment.Features.Assessments.ItemScore { ItemCode = "X9", Kind = SchoolAssessment.Features.Assessments.ScoreKind.Self, Comment = "学校自述" },
        };
        var plan = NewPlan();

        RectificationPlanner.Merge(plan, [gap], Today, RectificationPlanner.Findings(scores));

        var line = Assert.Single(plan.Lines);
        Assert.Equal($"现有专职教师数量不足，缺口较大（{gap.Current.Replace(" ", "")}，目标{gap.Target}，差{gap.Shortfall}）", line.Problem);
        Assert.EndsWith($"达到{gap.Target}", line.Goal);
        Assert.DoesNotContain("分", line.Goal);
        Assert.DoesNotContain("X9", RectificationPlanner.Findings(scores).Keys); // the school's own comment is not a finding
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
        Assert.Equal(RectificationPlanner.Problem(GapsOf(Example)[0], null), line.Problem);
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
