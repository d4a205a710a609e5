using System.Text.Encodings.Web;
using System.Text.Json;

namespace SchoolAssessment.Components.Shared;

/// <summary>How a chart's option is written for ECharts: camelCase names, nulls left out, Chinese as text.</summary>
public static class ChartJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
