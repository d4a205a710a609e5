using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Assessments;

/// <summary>
/// Turns an assessment's stored scores into the engine's input: the school's submitted indicators plus one
/// party's judgements and overrides. Pure, so each party's result is the score command's result on the same input.
/// </summary>
public static class AssessmentScoring
{
    public static SchoolData Input(Standard standard, SchoolData indicators, IEnumerable<ItemScore> scores)
    {
        var judgements = new Dictionary<string, Judgement>(StringComparer.Ordinal);
        var overrides = new Dictionary<string, ScoreOverride>(StringComparer.Ordinal);
        foreach (var score in scores)
        {
            var rule = standard.FindItem(score.ItemCode)?.Rule;
            if (rule is GradedRule && score.Level is { } level) judgements[score.ItemCode] = Judgement.OfLevel(level);
            if (rule is JudgementRule && score.Judged is { } judged) judgements[score.ItemCode] = Judgement.OfScore(judged);
            if (score.OverrideScore is { } value) overrides[score.ItemCode] = new ScoreOverride(value, score.OverrideReason ?? "");
        }

        return indicators with { Judgements = judgements, Overrides = overrides };
    }

    /// <summary>Evaluators disagree on an item when their scores (and the school's) spread over more than this share of its points.</summary>
    public const decimal DisagreementShare = 0.25m;

    public static bool Disagree(decimal points, IEnumerable<decimal> scores)
    {
        var list = scores.ToList();
        return list.Count > 1 && list.Max() - list.Min() > points * DisagreementShare;
    }
}
