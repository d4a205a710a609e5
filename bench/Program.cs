using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["dashboard-scale"])
{
    await SchoolAssessment.Bench.DashboardBenchmarks.RunScaleAsync();
    return;
}

// In process: the generated project could not restore the app's framework-provided packages from the mirror.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(SchoolAssessment.Bench.ScoringBenchmarks).Assembly).Run(args, config);
