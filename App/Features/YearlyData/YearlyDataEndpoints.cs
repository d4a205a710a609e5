using Microsoft.AspNetCore.Http.HttpResults;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData.Pages;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.YearlyData;

public static class YearlyDataEndpoints
{
    public static string FieldUrl(int schoolId, int year, string key) => $"/schools/{schoolId}/data/{year}/{key}";

    public static string HistoryUrl(int schoolId, int year, string key) => $"/schools/{schoolId}/data/history?year={year}&key={key}";

    private static string ConflictMessage(StoredValue? current) => current is null
        ? "未保存:他人已清空此项,请核对后再输入"
        : $"未保存:{current.UpdatedBy} 已于 {current.UpdatedAtUtc.ToLocalTime():HH:mm} 将此项改为 {current.Value},请核对后再输入";

    public static void MapYearlyData(this IEndpointRouteBuilder app)
    {
        // One field, saved at once; the answer is the field again plus the live results (out of band).
        app.MapPost("/schools/{schoolId:int}/data/{year:int}/{key}", async (int schoolId, int year, string key, HttpRequest request,
            YearlyDataService data, SchoolQueries schools, StandardLibrary library) =>
        {
            var form = await request.ReadFormAsync();
            var typed = form["value"].ToString();
            Guid? stamp = Guid.TryParse(form["stamp"], out var s) ? s : null;
            var saved = await data.SaveAsync(request.HttpContext.User, schoolId, year, key, typed, stamp);
            if (saved.Refused) return Results.Text("无权访问:您的账号不能修改此党校的数据", statusCode: StatusCodes.Status403Forbidden);
            if (library.Indicators.Find(key) is not { } indicator) return Results.BadRequest(saved.Error);

            var school = (await schools.FindAsync(schoolId))!;
            var values = await data.LoadAsync(schoolId, year);
            var previous = await data.LoadAsync(schoolId, year - 1);
            var conflict = saved.Conflicted ? ConflictMessage(saved.Current) : null;
            var parameters = new Dictionary<string, object?>
            {
                ["Indicator"] = indicator,
                ["PostUrl"] = FieldUrl(schoolId, year, key),
                ["Stored"] = values.GetValueOrDefault(key),
                ["Previous"] = previous.GetValueOrDefault(key),
                ["HistoryUrl"] = HistoryUrl(schoolId, year, key),
                ["JustSaved"] = saved.Succeeded,
                ["Error"] = saved.Error,
                ["Typed"] = saved.Error is null ? null : typed,
                ["ConflictMessage"] = conflict,
                ["Outcome"] = saved.Succeeded ? data.Score(school, values) : null,
            };
            return (IResult)new RazorComponentResult<YearlyFieldSaved>(parameters)
            {
                StatusCode = saved.Error is not null ? StatusCodes.Status400BadRequest : saved.Conflicted ? StatusCodes.Status409Conflict : StatusCodes.Status200OK,
            };
        }).RequireAuthorization().RequireAntiforgeryToken();
    }
}
