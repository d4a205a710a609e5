using System.CommandLine;
using SchoolAssessment.Cli;

namespace SchoolAssessment.Features.Api;

/// <summary>
/// <c>tokens create --user &lt;login&gt; --name &lt;用途&gt; [--days 30]</c>: a personal access token made on the server, printed once
/// (for an operator's scripts and the load test; people make theirs on the API 令牌 page).
/// </summary>
public static class TokensCommand
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "令牌所属账号（用户名）", Required = true };
        var name = new Option<string>("--name") { Description = "令牌名称（用途）", DefaultValueFactory = _ => "命令行令牌" };
        var days = new Option<int>("--days") { Description = "有效天数", DefaultValueFactory = _ => 30 };
        var count = new Option<int>("--count") { Description = "生成几个（每行一个）", DefaultValueFactory = _ => 1 };
        var create = new Command("create", "为账号生成个人访问令牌，只显示这一次") { user, name, days, count };
        create.SetAction((parse, token) => CreateAsync(parse.GetValue(user)!, parse.GetValue(name)!, parse.GetValue(days), parse.GetValue(count), token));
        return new Command("tokens", "个人访问令牌") { create };
    }

    private static async Task<int> CreateAsync(string userName, string name, int days, int count, CancellationToken cancellationToken)
    {
        await using var host = await AppHost.StartAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        for (var i = 0; i < Math.Clamp(count, 1, 1000); i++)
        {
            var outcome = await tokens.CreateForAsync(userName, count > 1 ? $"{name} {i + 1}" : name, days, cancellationToken);
            if (!outcome.Succeeded)
            {
                foreach (var error in outcome.Errors) Console.Error.WriteLine(error.Message);
                return CommandLine.BadInput;
            }

            Console.WriteLine(outcome.Value!.Secret);
        }

        return 0;
    }
}
