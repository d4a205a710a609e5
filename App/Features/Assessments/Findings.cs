namespace SchoolAssessment.Features.Assessments;

/// <summary>One written finding on an item (评估意见): who wrote it and what, the lead's final one marked.</summary>
public sealed record ItemFinding(string Author, string Text, bool Final);

/// <summary>
/// The evaluators' written findings per item, from their comments: the final (lead's) comment first, then each
/// evaluator's, the lead first. The one source the report and the plan take them from.
/// </summary>
public static class Findings
{
    public static IReadOnlyList<ItemFinding> Of(AssessmentBoard board, string itemCode)
    {
        var findings = new List<ItemFinding>();
        if (board.Of(ScoreKind.Final).FirstOrDefault(s => s.ItemCode == itemCode)?.Comment is { Length: > 0 } final)
            findings.Add(new ItemFinding("评估组", final, true));
        foreach (var evaluator in board.Assessment.Evaluators.OrderByDescending(e => e.IsLead))
        {
            var comment = board.Of(ScoreKind.Evaluator, evaluator.UserId).FirstOrDefault(s => s.ItemCode == itemCode)?.Comment;
            if (comment is { Length: > 0 } && findings.All(f => f.Text != comment))
                findings.Add(new ItemFinding(board.EvaluatorNames.GetValueOrDefault(evaluator.UserId, "评估专家"), comment, false));
        }

        return findings;
    }
}
