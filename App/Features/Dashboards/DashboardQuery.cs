using System.Globalization;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Dashboards;

/// <summary>The dashboard's filter as a query string and back: links, sorting headers and exports carry the same filter.</summary>
public static class DashboardQuery
{
    public static DashboardFilter Filter(string? standard, int? year, string? level, string? region, string? grade, string? state, string? sort, bool? descending,
        int? page, int? root) => new(
        StandardId: string.IsNullOrWhiteSpace(standard) ? null : standard,
        Year: year,
        Level: Enum.TryParse<SchoolLevel>(level, out var l) && Enum.IsDefined(l) ? l : null,
        Region: string.IsNullOrWhiteSpace(region) ? null : region.Trim()[..Math.Min(region.Trim().Length, 50)],
        Grade: string.IsNullOrWhiteSpace(grade) ? null : grade,
        State: string.IsNullOrWhiteSpace(state) ? null : state,
        Sort: DashboardFilter.Sorts.Contains(sort) ? sort! : "total",
        Descending: descending ?? true,
        Page: page is > 0 ? page.Value : 1,
        RootId: root);

    public static DashboardFilter Filter(IQueryCollection query) => Filter(query["standard"], int.TryParse(query["year"], out var y) ? y : null, query["level"],
        query["region"], query["grade"], query["state"], query["sort"], bool.TryParse(query["desc"], out var d) ? d : null,
        int.TryParse(query["page"], out var p) ? p : null, int.TryParse(query["root"], out var r) ? r : null);

    /// <summary>The filter as a query string, with some of it changed.</summary>
    public static string Of(DashboardFilter filter)
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text) parts.Add($"{name}={Uri.EscapeDataString(text)}");
        }

        Add("standard", filter.StandardId);
        Add("year", filter.Year?.ToString(CultureInfo.InvariantCulture));
        Add("level", filter.Level);
        Add("region", filter.Region);
        Add("grade", filter.Grade);
        Add("state", filter.State);
        if (filter.Sort != "total") Add("sort", filter.Sort);
        if (!filter.Descending) Add("desc", "false");
        if (filter.Page > 1) Add("page", filter.Page.ToString(CultureInfo.InvariantCulture));
        Add("root", filter.RootId?.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }
}
