using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Assessments.Pages;

/// <summary>
/// What a user has typed for one item and not yet saved: the text as typed (a number is read only on saving, so a
/// mistyped one is answered with its field's name), and the stored version it was typed over.
/// </summary>
public sealed record ScoreDraft(string? Level, string? Judged, string? Override, string? Reason, string? Comment, Guid? Stamp)
{
    /// <summary>The stored score as a draft to edit (or the lead's proposal on a first look at a final score).</summary>
    public static ScoreDraft Of(ScoreEntry entry, Guid? stamp) => new(entry.Level, Text(entry.Judged), Text(entry.OverrideScore), entry.OverrideReason, entry.Comment, stamp);

    /// <summary>The entry to save; numbers that are not numbers are reported by field, in Chinese.</summary>
    public (ScoreEntry Entry, IReadOnlyList<FieldError> Errors) Read()
    {
        var errors = new List<FieldError>();
        decimal? Number(string? text, string field, string label)
        {
            text = text?.Trim();
            if (string.IsNullOrEmpty(text)) return null;
            if (NumberText.TryParse(text, out var value)) return value;
            errors.Add(new FieldError(field, label + NumberText.Refusal(text)));
            return null;
        }

        var entry = new ScoreEntry(Level, Number(Judged, "judged", "评分"), Number(Override, "override", "调整得分"), Reason, Comment);
        return (entry, errors);
    }

    private static string? Text(decimal? value) => value is { } v ? NumberText.Of(v) : null;
}
