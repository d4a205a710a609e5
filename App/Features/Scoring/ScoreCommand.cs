using System.CommandLine;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Scoring;

/// <summary><c>score --standard &lt;id&gt; --input &lt;file.json&gt;</c>: prints SCORING.md §6's result on stdout.</summary>
public static class ScoreCommand
{
    public static Command Create(Func<StandardLibrary> library)
    {
        var standard = new Option<string>("--standard") { Description = "标准 id, 如 optimized-development", Required = true };
        var input = new Option<string>("--input") { Description = "学校数据 JSON 文件 (SCORING.md §6); - 表示标准输入", Required = true };
        var command = new Command("score", "按一个标准为学校数据计分,输出 JSON 结果") { standard, input };
        command.SetAction(parse => Run(library, parse.GetValue(standard)!, parse.GetValue(input)!));
        return command;
    }

    private static int Run(Func<StandardLibrary> library, string standardId, string inputPath)
    {
        var lib = library();
        if (lib.Find(standardId) is not { } standard)
        {
            Console.Error.WriteLine($"--standard: 没有标准 '{standardId}'。可用: {string.Join(", ", lib.Standards.Select(s => s.Id))}");
            return Cli.CommandLine.BadInput;
        }

        if (inputPath != "-" && Directory.Exists(inputPath))
        {
            Console.Error.WriteLine($"--input: {inputPath} 是文件夹，请给出一个 JSON 文件");
            return Cli.CommandLine.BadInput;
        }

        string json;
        try
        {
            json = inputPath == "-" ? Console.In.ReadToEnd() : File.ReadAllText(inputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"--input: 无法读取 {inputPath}: {e.Message}");
            return Cli.CommandLine.BadInput;
        }

        try
        {
            var result = ScoringEngine.Score(standard, lib.Indicators, ScoringJson.ReadInput(json));
            Console.Out.WriteLine(ScoringJson.WriteResult(result));
            return 0;
        }
        catch (ScoringInputException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine(error);
            return Cli.CommandLine.BadInput;
        }
    }
}
