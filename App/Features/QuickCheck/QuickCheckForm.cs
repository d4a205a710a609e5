using System.Globalization;
using Microsoft.Extensions.Primitives;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.QuickCheck;

/// <summary>One standard's live result on the quick-check page.</summary>
public sealed record StandardOutcome(ScoreResult Result, IReadOnlyList<Gap> Gaps);

/// <summary>The quick check's answer: field errors (then nothing is scored), or a result per standard.</summary>
public sealed record QuickCheckOutcome(IReadOnlyList<InputError> Errors, IReadOnlyList<StandardOutcome> Standards)
{
    public bool IsEmpty { get; init; }
}

/// <summary>
/// Reads the quick-check form (fields <c>i.&lt;indicator&gt;</c> and <c>j.&lt;standard&gt;.&lt;item&gt;</c>) and
/// scores it against every standard at once. Nothing is stored.
/// </summary>
public static class QuickCheckForm
{
    public const string IndicatorPrefix = "i.";
    public const string JudgementPrefix = "j.";

    public static string IndicatorField(Indicator indicator) => IndicatorPrefix + indicator.Key;

    public static string JudgementField(Standard standard, Item item) => $"{JudgementPrefix}{standard.Id}.{item.Code}";

    public static QuickCheckOutcome Evaluate(StandardLibrary library, IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var errors = new List<InputError>();
        var indicators = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        var judgements = library.Standards.ToDictionary(s => s.Id, _ => new Dictionary<string, Judgement>(StringComparer.Ordinal));

        foreach (var (name, values) in form)
        {
            var text = values.ToString().Trim();
            if (text.Length == 0) continue; // An empty field is "not entered", never zero or "no".

            if (name.StartsWith(IndicatorPrefix, StringComparison.Ordinal))
            {
                var key = name[IndicatorPrefix.Length..];
                if (library.Indicators.Find(key) is not { } indicator)
                    errors.Add(new($"indicators.{key}", $"未知指标 {key}"));
                else if (Parse(indicator, text) is { } value)
                    indicators[key] = value;
                else
                    errors.Add(new($"indicators.{key}", indicator.Type == IndicatorType.Boolean ? $"{indicator.Name}应选择是或否" : $"{indicator.Name}应为数值"));
            }
            else if (name.StartsWith(JudgementPrefix, StringComparison.Ordinal))
            {
                var parts = name[JudgementPrefix.Length..].Split('.', 2);
                if (parts.Length != 2 || !judgements.TryGetValue(parts[0], out var forStandard))
                    errors.Add(new(name, "未知的评定项"));
                else if (library.Find(parts[0])!.FindItem(parts[1])?.Rule is JudgementRule)
                    if (NumberText.TryParse(text, out var score))
                        forStandard[parts[1]] = Judgement.OfScore(score);
                    else
                        errors.Add(new(name, "评分应为数值"));
                else
                    forStandard[parts[1]] = Judgement.OfLevel(text);
            }
        }

        errors.AddRange(SchoolDataValidator.ValidateIndicators(library.Indicators, indicators));
        if (errors.Count > 0) return new QuickCheckOutcome(errors, []);

        var outcomes = new List<StandardOutcome>();
        foreach (var standard in library.Standards)
        {
            var data = SchoolData.Empty with { Indicators = indicators, Judgements = judgements[standard.Id] };
            try
            {
                var result = ScoringEngine.Score(standard, library.Indicators, data);
                outcomes.Add(new StandardOutcome(result, GapFinder.Find(result, library.Indicators, data)));
            }
            catch (ScoringInputException e)
            {
                errors.AddRange(e.Errors.Select(x => x with { Key = $"{standard.Id}.{x.Key}" }));
            }
        }

        return errors.Count > 0
            ? new QuickCheckOutcome(errors, [])
            : new QuickCheckOutcome([], outcomes) { IsEmpty = indicators.Count == 0 && judgements.Values.All(j => j.Count == 0) };
    }

    private static IndicatorValue? Parse(Indicator indicator, string text)
    {
        if (indicator.Type == IndicatorType.Boolean)
            return text switch { "true" => IndicatorValue.Of(true), "false" => IndicatorValue.Of(false), _ => null };
        return NumberText.TryParse(text, out var number)
            ? IndicatorValue.Of(number)
            : null;
    }
}
