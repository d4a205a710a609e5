using System.CommandLine;
using SchoolAssessment.Cli;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Demo;

/// <summary><c>demo generate --schools 2000 --years 3 [--seed 42] [--replace]</c>: a demo-scale data set for the dashboards.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var schools = new Option<int>("--schools") { Description = "党校总数(含省级根节点,至少 4)", DefaultValueFactory = _ => 2000 };
        var years = new Option<int>("--years") { Description = "生成最近几年的指标数据(上一年起向前)", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "随机种子:同一种子生成相同的数据", DefaultValueFactory = _ => 42 };
        var replace = new Option<bool>("--replace") { Description = "先删除上次生成的演示党校及其全部数据" };
        var generate = new Command("generate", $"生成演示规模的数据:“{DemoPlan.RootName}”及其下属党校、指标数据、得分结果和评估") { schools, years, seed, replace };
        generate.SetAction((parse, token) =>
            GenerateAsync(new DemoOptions(parse.GetValue(schools), parse.GetValue(years), parse.GetValue(seed), parse.GetValue(replace)), token));
        return new Command("demo", "演示数据") { generate };
    }

    private static async Task<int> GenerateAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        if (options.Schools is < 4 or > 100_000)
        {
            Console.Error.WriteLine("--schools: 应在 4 到 100000 之间");
            return CommandLine.BadInput;
        }

        if (options.Years is < 1 or > 30)
        {
            Console.Error.WriteLine("--years: 应在 1 到 30 之间");
            return CommandLine.BadInput;
        }

        await using var host = await AppHost.StartAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(options, cancellationToken);
        if (outcome.AlreadyGenerated)
        {
            Console.Error.WriteLine($"已生成过演示数据(“{DemoPlan.RootName}”),未做任何改动。要重新生成,请加 --replace(将删除该党校及其下属党校的全部数据)。");
            return CommandLine.BadInput;
        }

        int Count(SchoolLevel level) => outcome.Schools.GetValueOrDefault(level);
        if (outcome.Replaced) Console.WriteLine("已删除上次生成的演示党校及其数据。");
        if (outcome.UsersUnbound > 0) Console.WriteLine($"注意:{outcome.UsersUnbound} 个绑定在原演示党校的账号已解除绑定。");
        Console.WriteLine($"已生成“{DemoPlan.RootName}”(编号 {outcome.RootId})及下属党校:市级 {Count(SchoolLevel.City)} 所、县级 {Count(SchoolLevel.County)} 所、"
            + $"乡镇 {Count(SchoolLevel.Township)} 所,共 {outcome.Schools.Values.Sum()} 所。");
        Console.WriteLine($"{outcome.FirstYear}–{outcome.LastYear} 年指标数据 {outcome.Values} 项;得分结果 {outcome.Results.Results} 条"
            + $"({outcome.Results.SchoolYears} 个党校·年度,评估项目 {outcome.Results.Items} 条);评估 {outcome.Assessments} 项。");
        Console.WriteLine(outcome.SupervisorPassword is { } password
            ? $"督导账号 {DemoGenerator.SupervisorUserName}(绑定“{DemoPlan.RootName}”),密码 {password}(只显示这一次)。"
            : $"督导账号 {DemoGenerator.SupervisorUserName} 已存在,已绑定“{DemoPlan.RootName}”,密码不变。");
        Console.WriteLine($"用时 {outcome.Elapsed.TotalSeconds:0.0} 秒。");
        return 0;
    }
}
