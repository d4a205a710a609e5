using System.CommandLine;
using SchoolAssessment.Cli;
using SchoolAssessment.Features.Access;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary><c>import indicators --file data.xlsx</c>: the browser's import, for scripted batch work; errors on stderr, exit code 2.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file") { Description = "填好的指标数据模板 .xlsx", Required = true };
        var user = AppHost.UserOption();
        var indicators = new Command("indicators", "导入指标数据(全部无误才写入)") { file, user };
        indicators.SetAction((parse, token) => ImportAsync(parse.GetValue(file)!, parse.GetValue(user)!, token));
        return new Command("import", "批量导入") { indicators };
    }

    private static async Task<int> ImportAsync(FileInfo file, string userName, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"--file: 找不到文件 {file.FullName}");
            return CommandLine.BadInput;
        }

        await using var session = await AppHost.StartAsAsync(userName);
        if (session is null) return CommandLine.BadInput;
        var user = session.User;

        var access = session.Services.GetRequiredService<SchoolAccess>();
        var job = new ImportJob(Guid.NewGuid(), userName, file.Name);
        await session.Services.GetRequiredService<IndicatorImportService>()
            .RunAsync(job, await access.ScopeAsync(user, cancellationToken), await File.ReadAllBytesAsync(file.FullName, cancellationToken), cancellationToken);
        if (!job.Succeeded)
        {
            foreach (var error in job.Errors) Console.Error.WriteLine(error);
            Console.Error.WriteLine("未写入任何数据。");
            return CommandLine.BadInput;
        }

        // No server runs the queue here: the results are computed now, unless a running instance holds the queue.
        var drained = await session.Services.GetServices<IHostedService>().OfType<Standings.RescoreWorker>().Single().DrainAsync(cancellationToken);
        Console.WriteLine($"已导入 {job.SchoolYears} 所党校·年度,写入 {job.Values} 项数据。"
            + (drained ? "" : "得分结果由运行中的服务在后台计算。"));
        return 0;
    }
}
