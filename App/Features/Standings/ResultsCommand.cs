using System.CommandLine;
using System.Diagnostics;
using SchoolAssessment.Cli;

namespace SchoolAssessment.Features.Standings;

/// <summary><c>results rebuild</c>: recomputes every school-year's stored results, e.g. after a standard in seed-data changed.</summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var rebuild = new Command("rebuild", "按当前标准重新计算全部党校各年度的得分结果(修改 seed-data 中的标准后运行)");
        rebuild.SetAction((_, token) => RebuildAsync(token));
        return new Command("results", "党校得分结果") { rebuild };
    }

    private static async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        await using var host = await AppHost.StartAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var watch = Stopwatch.StartNew();
        var counts = await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RebuildAsync(cancellationToken);
        Console.WriteLine($"已重算 {counts.SchoolYears} 个党校·年度:{counts.Results} 条标准得分、{counts.Items} 条评估项目得分;"
            + $"删除无数据的结果 {counts.Removed} 条。用时 {watch.Elapsed.TotalSeconds:0.0} 秒。");
        return 0;
    }
}
