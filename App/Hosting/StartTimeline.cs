using System.Diagnostics;

namespace SchoolAssessment.Hosting;

/// <summary>
/// The process's CPU time and wall time at each step of a start, logged at Debug (category
/// <c>SchoolAssessment.Hosting.StartTimeline</c>): where a start spends its CPU-seconds (README, issue 16), without a profiler.
/// </summary>
public static class StartTimeline
{
    private static readonly DateTime ProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private static TimeSpan _last;

    public static void Mark(ILogger logger, string step)
    {
        if (!logger.IsEnabled(LogLevel.Debug)) return;
        var cpu = Environment.CpuUsage.TotalTime;
        // Methods the JIT compiled so far, and its time: what ReadyToRun did not cover.
        logger.LogDebug("Start: {Step} at {CpuMs:F0} ms CPU (+{StepMs:F0}), {WallMs:F0} ms wall; {Jitted} methods jitted in {JitMs:F0} ms",
            step, cpu.TotalMilliseconds, (cpu - _last).TotalMilliseconds, (DateTime.UtcNow - ProcessStarted).TotalMilliseconds,
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);
        _last = cpu;
    }
}
