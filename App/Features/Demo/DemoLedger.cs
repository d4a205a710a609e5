using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Demo;

/// <summary>
/// A generated 整改方案 and 整改台账 for a demo assessment past its feedback: the lines drafted from its gaps as the app
/// drafts them, then moved through every status (未启动, 推进中, 已完成, 已销号) with what a school would write, one overdue.
/// </summary>
public static class DemoLedger
{
    public const string Reviewer = "示例督导员";

    public static RectificationPlan Plan(Assessment assessment, Standard standard, IndicatorCatalog catalog, SchoolData data, DateOnly today, DateTime now)
    {
        var result = ScoringEngine.Score(standard, catalog, data);
        var plan = new RectificationPlan
        {
            AssessmentId = assessment.Id, SchoolId = assessment.SchoolId, Basis = ScoreKind.Final, BasisTotal = result.Total, BasisGrade = result.Grade.Name,
            TargetGrade = WayToGrade.Next(result)?.Target.Name ?? result.Grade.Name, TargetDate = today.AddMonths(6),
            GeneratedAtUtc = now, GeneratedBy = DemoGenerator.SupervisorUserName,
        };
        RectificationPlanner.Merge(plan, GapFinder.Find(result, catalog, data), today.AddMonths(-3));
        var statuses = Enum.GetValues<RectificationStatus>();
        foreach (var (line, i) in plan.Lines.OrderBy(l => l.Position).Select((l, i) => (l, i)))
        {
            line.UpdatedAtUtc = now;
            line.PersonInCharge = "（示例）张老师";
            // Closed only after the assessment is closed out; before, every other status.
            line.Status = statuses[i % (assessment.State == AssessmentState.Closed ? statuses.Length : statuses.Length - 1)];
            switch (line.Status)
            {
                case RectificationStatus.InProgress:
                    line.Progress = "已制定工作方案，正在按计划推进。";
                    break;
                case RectificationStatus.Completed:
                    line.Progress = "已按整改措施完成，佐证材料已上传，待审核销号。";
                    break;
                case RectificationStatus.Closed:
                    line.Progress = "已完成整改。";
                    line.ReviewComment = "佐证材料齐全，同意销号。";
                    line.ReviewedBy = Reviewer;
                    line.ReviewedAtUtc = now.AddDays(-7);
                    break;
            }

            // The first line not started is past its deadline: the ledger shows it overdue.
            if (i == 0) line.Deadline = today.AddDays(-10);
        }

        return plan;
    }
}
