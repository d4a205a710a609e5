using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolAssessment.Features.Scoring;

namespace SchoolAssessment.Components.Shared;

/// <summary>
/// ECharts options, written by the server into a chart element's data-chart attribute (js/charts.js draws them).
/// Each chart's numbers are also shown as a table beside it, for readers and for print.
/// </summary>
public static class ChartOptions
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Each dimension's score as a share of its maximum, as horizontal bars; failed dimensions in red.</summary>
    public static string DimensionBars(ScoreResult result)
    {
        var dimensions = result.Dimensions.Where(d => d.Max > 0).Reverse().ToList();
        var option = new JsonObject
        {
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 48, ["top"] = 8, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value", ["max"] = 100, ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" } },
            ["yAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. dimensions.Select(d => (JsonNode)$"{d.Code} {d.Dimension.Name}")]) },
            ["series"] = new JsonArray(new JsonObject
            {
                ["type"] = "bar",
                ["name"] = "得分率",
                ["label"] = new JsonObject { ["show"] = true, ["position"] = "right", ["formatter"] = "{c}%" },
                ["data"] = new JsonArray([.. dimensions.Select(d => (JsonNode)new JsonObject
                {
                    ["value"] = Rate(d.Score, d.Max),
                    ["itemStyle"] = new JsonObject { ["color"] = d.Failed ? "#d63939" : "#206bc4" },
                })]),
            }),
        };
        return option.ToJsonString(Compact);
    }

    /// <summary>A radar of the dimensions, each as a share of its maximum (the bonus dimension left out).</summary>
    public static string Radar(ScoreResult result)
    {
        var dimensions = result.Dimensions.Where(d => !d.Dimension.Bonus && d.Max > 0).ToList();
        var option = new JsonObject
        {
            ["tooltip"] = new JsonObject(),
            ["radar"] = new JsonObject
            {
                ["radius"] = "62%",
                ["indicator"] = new JsonArray([.. dimensions.Select(d => (JsonNode)new JsonObject { ["name"] = d.Dimension.Name, ["max"] = 100 })]),
                ["axisName"] = new JsonObject { ["color"] = "#49566c", ["fontSize"] = 11 },
            },
            ["series"] = new JsonArray(new JsonObject
            {
                ["type"] = "radar",
                ["areaStyle"] = new JsonObject { ["opacity"] = 0.2 },
                ["data"] = new JsonArray(new JsonObject
                {
                    ["name"] = "得分率(%)",
                    ["value"] = new JsonArray([.. dimensions.Select(d => (JsonNode)Rate(d.Score, d.Max))]),
                }),
            }),
        };
        return option.ToJsonString(Compact);
    }

    /// <summary>Totals over the years, one line per series (a standard), with the pass line of each where given.</summary>
    public static string Trend(IReadOnlyList<int> years, IEnumerable<(string Name, IReadOnlyDictionary<int, decimal> Totals)> series, decimal max = 100)
    {
        var option = new JsonObject
        {
            ["tooltip"] = new JsonObject { ["trigger"] = "axis" },
            ["legend"] = new JsonObject { ["bottom"] = 0 },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 16, ["top"] = 16, ["bottom"] = 32, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. years.Select(y => (JsonNode)$"{y}年")]) },
            ["yAxis"] = new JsonObject { ["type"] = "value", ["min"] = 0, ["max"] = max },
            ["series"] = new JsonArray([.. series.Select(s => (JsonNode)new JsonObject
            {
                ["type"] = "line",
                ["name"] = s.Name,
                ["label"] = new JsonObject { ["show"] = true },
                ["data"] = new JsonArray([.. years.Select(y => s.Totals.TryGetValue(y, out var t) ? (JsonNode)t : null)]),
            })]),
        };
        return option.ToJsonString(Compact);
    }

    /// <summary>Vertical bars of counts by category (grades, states), each bar labelled with its count.</summary>
    public static string Counts(IEnumerable<(string Name, int Count)> bars, string color = "#206bc4")
    {
        var list = bars.ToList();
        var option = new JsonObject
        {
            ["tooltip"] = new JsonObject(),
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 8, ["top"] = 24, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. list.Select(b => (JsonNode)b.Name)]) },
            ["yAxis"] = new JsonObject { ["type"] = "value", ["minInterval"] = 1 },
            ["series"] = new JsonArray(new JsonObject
            {
                ["type"] = "bar",
                ["name"] = "学校数",
                ["itemStyle"] = new JsonObject { ["color"] = color },
                ["label"] = new JsonObject { ["show"] = true, ["position"] = "top" },
                ["data"] = new JsonArray([.. list.Select(b => (JsonNode)b.Count)]),
            }),
        };
        return option.ToJsonString(Compact);
    }

    /// <summary>Schools × dimensions, each cell the dimension's score as a share of its maximum, red to green.</summary>
    public static string Heatmap(IReadOnlyList<string> schools, IReadOnlyList<string> dimensions, IReadOnlyList<IReadOnlyList<decimal?>> rates)
    {
        var cells = new JsonArray();
        for (var y = 0; y < schools.Count; y++)
            for (var x = 0; x < dimensions.Count; x++)
                if (rates[y][x] is { } rate) cells.Add(new JsonArray(x, schools.Count - 1 - y, rate));
        var option = new JsonObject
        {
            ["tooltip"] = new JsonObject { ["position"] = "top" },
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 8, ["top"] = 8, ["bottom"] = 56, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. dimensions.Select(d => (JsonNode)d)]), ["axisLabel"] = new JsonObject { ["interval"] = 0, ["fontSize"] = 11 } },
            ["yAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. schools.Reverse().Select(s => (JsonNode)s)]) },
            ["visualMap"] = new JsonObject
            {
                ["min"] = 0, ["max"] = 100, ["calculable"] = false, ["orient"] = "horizontal", ["left"] = "center", ["bottom"] = 0,
                ["inRange"] = new JsonObject { ["color"] = new JsonArray("#d63939", "#f59f00", "#2fb344") },
                ["text"] = new JsonArray("100%", "0%"),
            },
            ["series"] = new JsonArray(new JsonObject
            {
                ["type"] = "heatmap",
                ["name"] = "得分率(%)",
                ["label"] = new JsonObject { ["show"] = true, ["fontSize"] = 10 },
                ["data"] = cells,
            }),
        };
        return option.ToJsonString(Compact);
    }

    /// <summary>The weakest requirements: the share of schools missing each, as horizontal bars.</summary>
    public static string Shares(IReadOnlyList<(string Name, decimal Share)> bars)
    {
        var list = bars.Reverse().ToList();
        var option = new JsonObject
        {
            ["tooltip"] = new JsonObject(),
            ["grid"] = new JsonObject { ["left"] = 8, ["right"] = 48, ["top"] = 8, ["bottom"] = 8, ["containLabel"] = true },
            ["xAxis"] = new JsonObject { ["type"] = "value", ["max"] = 100, ["splitNumber"] = 2, ["axisLabel"] = new JsonObject { ["formatter"] = "{value}%" } },
            ["yAxis"] = new JsonObject { ["type"] = "category", ["data"] = new JsonArray([.. list.Select(b => (JsonNode)b.Name)]), ["axisLabel"] = new JsonObject { ["width"] = 120, ["overflow"] = "truncate", ["fontSize"] = 11 } },
            ["series"] = new JsonArray(new JsonObject
            {
                ["type"] = "bar",
                ["name"] = "未达标学校占比",
                ["itemStyle"] = new JsonObject { ["color"] = "#d63939" },
                ["label"] = new JsonObject { ["show"] = true, ["position"] = "right", ["formatter"] = "{c}%" },
                ["data"] = new JsonArray([.. list.Select(b => (JsonNode)b.Share)]),
            }),
        };
        return option.ToJsonString(Compact);
    }

    /// <summary>A share in percent with one decimal, as the charts and their tables print it.</summary>
    public static decimal Rate(decimal part, decimal whole) => whole == 0 ? 0 : Math.Round(part * 100 / whole, 1, MidpointRounding.AwayFromZero);
}
