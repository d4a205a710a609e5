using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["pdf-latency", ..]) return await SchoolAssessment.Bench.PdfLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100);

if (args is ["scoring-cpu", ..]) return SchoolAssessment.Bench.ScoringThroughputBenchmarks.RunCpu(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);

// In process: the generated project could not restore the app's framework-provided packages from the mirror.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(SchoolAssessment.Bench.ScoringBenchmarks).Assembly).Run(args, config);
return 0;
