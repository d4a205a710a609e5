using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Assessments;

/// <summary>One evaluator's score of an item, as the engine gives it from their judgement and override.</summary>
public sealed record EvaluatorScore(string UserId, string Name, decimal Score, ItemScore? Row);

/// <summary>
/// What the lead is offered as an item's final score: the evaluators' agreed score, or their mean rounded to the
/// item's step where they disagree; no score while no evaluator has scored a graded or judgement item. The way to
/// store it as a final score (level, judgement, override with its reason) goes with it, so accepting it keeps the
/// team's override and its reason.
/// </summary>
public sealed record FinalProposal(
    Item Item,
    IReadOnlyList<EvaluatorScore> Scores,
    decimal? Score,
    bool Agreed,
    string? Level,
    decimal? Judged,
    decimal? OverrideScore,
    string? OverrideReason)
{
    public string Code => Item.Code;

    /// <summary>The entry that stores this proposal as the final score.</summary>
    public ScoreEntry Entry(string? comment) => new(Level, Judged, OverrideScore, OverrideReason, comment);
}

/// <summary>
/// The final-score rules of the panel: proposals from the evaluators' scores, which items still have no final score,
/// and the step an item's score moves by. Pure: the pages, the service and the tests ask the same functions.
/// </summary>
public static class FinalProposals
{
    /// <summary>
    /// The step of an item's score: 0.5 where every score its rule can yield is a multiple of 0.5 (judgement items by
    /// SCORING.md §2, all-or-nothing items and graded levels on half points), else 0.01 (linear rules, 0.33 a
    /// facility, graded levels such as 2.25).
    /// </summary>
    public static decimal Step(Item item)
    {
        static bool Half(decimal value) => value * 2 == decimal.Truncate(value * 2);
        var half = item.Rule switch
        {
            JudgementRule => true,
            GradedRule graded => graded.Levels.All(l => Half(Round2(item.Points * l.Ratio))),
            BooleanRule => Half(item.Points),
            ChecklistRule { Mode: ChecklistMode.AllOrNothing } => Half(item.Points),
            ThresholdRule { Scale.Mode: ScaleMode.AllOrNothing } or RatioRule { Scale.Mode: ScaleMode.AllOrNothing } => Half(item.Points),
            _ => false,
        };
        return half ? 0.5m : 0.01m;
    }

    /// <summary>A score rounded to the nearest multiple of the item's step (halves away from zero), within [0, points].</summary>
    public static decimal RoundToStep(Item item, decimal score)
    {
        var step = Step(item);
        var rounded = decimal.Round(score / step, MidpointRounding.AwayFromZero) * step;
        return Math.Clamp(rounded, 0, item.Points);
    }

    /// <summary>Whether an item's stored score of one party says something: data items always do (the computed score).</summary>
    public static bool HasScore(Item item, ItemScore? row) =>
        !item.Rule.NeedsJudgement || row is { } r && (r.Level is not null || r.Judged is not null || r.OverrideScore is not null);

    /// <summary>The proposal for every item of the standard, in its order.</summary>
    public static IReadOnlyList<FinalProposal> For(Standard standard, IndicatorCatalog catalog, SchoolData indicators,
        IReadOnlyList<(string UserId, string Name)> evaluators, IReadOnlyList<ItemScore> scores)
    {
        var results = evaluators.ToDictionary(e => e.UserId, e => ScoringEngine.Score(standard, catalog,
            AssessmentScoring.Input(standard, indicators, scores.Where(s => s.Kind == ScoreKind.Evaluator && s.Scorer == e.UserId))));
        var computed = ScoringEngine.Score(standard, catalog, indicators with { Judgements = new Dictionary<string, Judgement>(), Overrides = new Dictionary<string, ScoreOverride>() });
        return standard.Items.Select(item =>
        {
            var each = evaluators
                .Select(e => (e, Row: scores.FirstOrDefault(s => s.Kind == ScoreKind.Evaluator && s.Scorer == e.UserId && s.ItemCode == item.Code)))
                .Where(x => HasScore(item, x.Row))
                .Select(x => new EvaluatorScore(x.e.UserId, x.e.Name, results[x.e.UserId].Items.First(i => i.Code == item.Code).Score, x.Row))
                .ToList();
            return Propose(item, each, computed.Items.First(i => i.Code == item.Code).Score);
        }).ToList();
    }

    /// <summary>One item's proposal from the evaluators who scored it; <paramref name="computed"/> is the score the data gives.</summary>
    public static FinalProposal Propose(Item item, IReadOnlyList<EvaluatorScore> scores, decimal computed)
    {
        if (scores.Count == 0) return new FinalProposal(item, scores, null, false, null, null, null, null);
        var overridden = scores.Where(s => s.Row?.OverrideScore is not null).ToList();
        if (scores.Select(s => s.Score).Distinct().Count() == 1)
        {
            // Agreed: the first scorer's judgement, and the team's override carried with its reasons.
            var reason = overridden.Count == 0 ? null : string.Join("；", overridden.Select(s => s.Row!.OverrideReason).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct());
            return new FinalProposal(item, scores, scores[0].Score, true,
                item.Rule is GradedRule ? scores.Select(s => s.Row?.Level).FirstOrDefault(l => l is not null) : null,
                item.Rule is JudgementRule ? scores.Select(s => s.Row?.Judged).FirstOrDefault(j => j is not null) : null,
                overridden.Count == 0 ? null : scores[0].Score, reason is { Length: > 0 } ? reason : overridden.Count == 0 ? null : "评委组调整得分");
        }

        var mean = RoundToStep(item, scores.Average(s => s.Score));
        var why = $"评委评分不一致（{string.Join("、", scores.Select(s => $"{s.Name} {NumberText.Of(s.Score)}"))}），取平均值";
        switch (item.Rule)
        {
            case GradedRule graded when graded.Levels.FirstOrDefault(l => Round2(item.Points * l.Ratio) == mean) is { } level:
                return new FinalProposal(item, scores, mean, false, level.Code, null, null, null);
            case JudgementRule:
                return new FinalProposal(item, scores, mean, false, null, mean, null, null);
            case GradedRule:
                return new FinalProposal(item, scores, mean, false, null, null, mean, why);
            default:
                return mean == computed
                    ? new FinalProposal(item, scores, mean, false, null, null, null, null)
                    : new FinalProposal(item, scores, mean, false, null, null, mean, why);
        }
    }

    /// <summary>The items that have no final score yet: no final row, or a graded or judgement item the lead has not decided.</summary>
    public static IReadOnlyList<Item> Missing(Standard standard, IEnumerable<ItemScore> finals)
    {
        var byCode = finals.Where(f => f.Kind == ScoreKind.Final).ToDictionary(f => f.ItemCode);
        return standard.Items.Where(i => byCode.GetValueOrDefault(i.Code) is not { } row || !HasScore(i, row)).ToList();
    }

    /// <summary>
    /// The panel's result: every item at its proposal (items without one score as the engine leaves them). The experts'
    /// total that the feedback's final result is set beside.
    /// </summary>
    public static ScoreResult PanelResult(Standard standard, IndicatorCatalog catalog, SchoolData indicators, IReadOnlyList<FinalProposal> proposals)
    {
        var overrides = proposals.Where(p => p.Score is not null)
            .ToDictionary(p => p.Code, p => new ScoreOverride(p.Score!.Value, "评委组建议"), StringComparer.Ordinal);
        return ScoringEngine.Score(standard, catalog, indicators with { Judgements = new Dictionary<string, Judgement>(), Overrides = overrides });
    }

    /// <summary>What the lead confirms before issuing the feedback: the panel's result beside the final one, and where they differ.</summary>
    public static FeedbackSummary Summary(AssessmentBoard board, IndicatorCatalog catalog)
    {
        var panel = PanelResult(board.Standard, catalog, board.Indicators, board.Proposals(catalog));
        var final = board.ResultOf(ScoreKind.Final, "", catalog);
        var differences = panel.Items.Zip(final.Items, (p, f) => new ItemDifference(p.Item, p.Score, f.Score)).Where(d => d.Panel != d.Final).ToList();
        return new FeedbackSummary(panel, final, differences, Missing(board.Standard, board.Of(ScoreKind.Final)));
    }

    /// <summary>The refusal of a feedback while items have no final score, naming them; null when every item has one.</summary>
    public static string? FeedbackRefusal(IReadOnlyList<Item> missing) => missing.Count == 0 ? null
        : $"还有 {missing.Count} 项未核定最终得分，不能出具反馈意见：{string.Join("、", missing.Select(i => $"{i.Code} {i.Name}"))}。请在“组长核定”中逐项核定（或采纳评委一致的评分）后再出具。";

    private static decimal Round2(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);
}

/// <summary>An item whose final score differs from the panel's proposal.</summary>
public sealed record ItemDifference(Item Item, decimal Panel, decimal Final);

/// <summary>The experts' (panel's) result and the final one side by side, the items where they differ, and those not yet decided.</summary>
public sealed record FeedbackSummary(ScoreResult Panel, ScoreResult Final, IReadOnlyList<ItemDifference> Differences, IReadOnlyList<Item> Missing);
