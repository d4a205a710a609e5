using System.Text.Encodings.Web;
using System.Text.Json;

namespace SchoolAssessment.Features.Scoring;

/// <summary>The JSON of SCORING.md §6: the school input read, the result written, field for field.</summary>
public static class ScoringJson
{
    private static readonly string[] TopLevel = ["indicators", "judgements", "overrides"];

    /// <exception cref="ScoringInputException">The JSON is malformed or a value has the wrong shape.</exception>
    public static SchoolData ReadInput(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ScoringInputException([new("input", $"不是有效的 JSON: {e.Message}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ScoringInputException([new("input", "应为 JSON 对象")]);

            var errors = new List<InputError>();
            var indicators = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
            var judgements = new Dictionary<string, Judgement>(StringComparer.Ordinal);
            var overrides = new Dictionary<string, ScoreOverride>(StringComparer.Ordinal);

            foreach (var property in root.EnumerateObject())
            {
                if (!TopLevel.Contains(property.Name))
                    errors.Add(new(property.Name, "未知字段,应为 indicators、judgements 或 overrides"));
                else if (property.Value.ValueKind != JsonValueKind.Object)
                    errors.Add(new(property.Name, "应为 JSON 对象"));
            }

            foreach (var (key, value) in Members(root, "indicators"))
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.Null:
                        break; // Not entered: never read as zero or false.
                    case JsonValueKind.True or JsonValueKind.False:
                        indicators[key] = IndicatorValue.Of(value.GetBoolean());
                        break;
                    case JsonValueKind.Number when value.TryGetDecimal(out var number):
                        indicators[key] = IndicatorValue.Of(number);
                        break;
                    default:
                        errors.Add(new($"indicators.{key}", "应为数值或 true/false"));
                        break;
                }
            }

            foreach (var (key, value) in Members(root, "judgements"))
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String:
                        judgements[key] = Judgement.OfLevel(value.GetString()!);
                        break;
                    case JsonValueKind.Number when value.TryGetDecimal(out var score):
                        judgements[key] = Judgement.OfScore(score);
                        break;
                    default:
                        errors.Add(new($"judgements.{key}", "应为等级代码(字符串)或评分(数值)"));
                        break;
                }
            }

            foreach (var (key, value) in Members(root, "overrides"))
            {
                if (value.ValueKind == JsonValueKind.Object
                    && value.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number
                    && score.TryGetDecimal(out var s)
                    && value.EnumerateObject().All(p => p.Name is "score" or "reason"))
                {
                    var reason = value.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
                    overrides[key] = new ScoreOverride(s, reason);
                }
                else
                {
                    errors.Add(new($"overrides.{key}", "应为 { \"score\": 数值, \"reason\": \"理由\" }"));
                }
            }

            if (errors.Count > 0) throw new ScoringInputException(errors);
            return new SchoolData(indicators, judgements, overrides);
        }
    }

    private static IEnumerable<(string Key, JsonElement Value)> Members(JsonElement root, string name) =>
        root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
            ? section.EnumerateObject().Select(p => (p.Name, p.Value))
            : [];

    public static string WriteResult(ScoreResult result, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            w.WriteString("standard", result.Standard.Id);
            w.WriteString("version", result.Standard.Version);
            w.WriteNumber("total", Plain(result.Total));
            w.WriteNumber("max", Plain(result.Max));
            w.WriteString("grade", result.Grade.Code);
            w.WriteBoolean("passed", result.Passed);
            WriteStrings(w, "vetoFailures", result.VetoFailures);
            WriteStrings(w, "dimensionFailures", result.DimensionFailures);
            // An addition to SCORING.md §6, written only for a standard that declares gates (docs/scoring.md §5a).
            if (result.Standard.HasGates) WriteStrings(w, "gateFailures", result.GateFailures);

            w.WriteStartArray("dimensions");
            foreach (var d in result.Dimensions)
            {
                w.WriteStartObject();
                w.WriteString("code", d.Code);
                w.WriteNumber("score", Plain(d.Score));
                w.WriteNumber("max", Plain(d.Max));
                w.WriteBoolean("failed", d.Failed);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("items");
            foreach (var i in result.Items)
            {
                w.WriteStartObject();
                w.WriteString("code", i.Code);
                w.WriteNumber("score", Plain(i.Score));
                if (i.Computed is { } computed) w.WriteNumber("computed", Plain(computed));
                w.WriteNumber("max", Plain(i.Max));
                w.WriteString("status", StatusCode(i.Status));
                w.WriteNumber("lost", Plain(i.Lost));
                if (i.Shortfall is { } shortfall) w.WriteNumber("shortfall", Plain(shortfall));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string StatusCode(ItemStatus status) => status switch
    {
        ItemStatus.Met => "met",
        ItemStatus.Partial => "partial",
        ItemStatus.Unmet => "unmet",
        _ => "missing",
    };

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>Drops trailing zeros so 78.50 is written as 78.5 and 100.00 as 100.</summary>
    private static decimal Plain(decimal value) => value / 1.0000000000000000000000000000m;
}
