using System.Diagnostics;

namespace SchoolAssessment.Tests.Support;

/// <summary>Runs the built app as a separate process, exactly as a script would call it.</summary>
internal static class AppProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Only a hang, never a slow machine: a command takes seconds, ten minutes means it will not end.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static Task<Outcome> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables, e.g. <c>ConnectionStrings__Default</c> for a database of the test's own.</summary>
    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SchoolAssessment.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Waits for the process to end however slow the machine; the guard only ends a hung process, with its output.
        using var hang = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"app {string.Join(' ', args)} still running after {HangGuard}: {await error}");
        }

        return new Outcome(process.ExitCode, await output, await error);
    }
}
