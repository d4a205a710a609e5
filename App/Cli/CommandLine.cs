using System.CommandLine;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Reports;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData.Import;

namespace SchoolAssessment.Cli;

/// <summary>The verbs the app answers without starting the web server (<c>dotnet run --project App -- score …</c>).</summary>
public static class CommandLine
{
    /// <summary>The exit code for bad input: the reason is on stderr.</summary>
    public const int BadInput = 2;

    private static readonly string[] Verbs = ["score", "standards", "export", "import", "results", "demo", "tokens"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static int Run(string[] args, string? seedDataDirectory = null) => RunAsync(args, seedDataDirectory).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, string? seedDataDirectory = null)
    {
        var directory = seedDataDirectory ?? SeedData.DefaultDirectory;
        var library = new Lazy<StandardLibrary>(() => StandardLibrary.LoadDirectory(directory));
        var root = new RootCommand("党校评估 SchoolAssessment 命令行")
        {
            ScoreCommand.Create(() => library.Value),
            StandardsCommand.Create(() => library.Value),
            ExportCommand.Create(),
            ImportCommand.Create(),
            ResultsCommand.Create(),
            DemoCommand.Create(),
            Features.Api.TokensCommand.Create(),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
            return BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (StandardFileException e)
        {
            // The shipped seed-data itself is broken: say which file and item.
            foreach (var error in e.Errors) Console.Error.WriteLine(error);
            return BadInput;
        }
    }
}
