using SchoolAssessment.Cli;
using SchoolAssessment.Hosting;

// `dotnet run --project App -- score …`, `… standards validate …`, `… export …`, `… import …`, `… results rebuild` and `… demo generate …`
// answer without starting the server.
if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
builder.AddApplicationServices();

var app = builder.Build();
await app.PrepareDatabaseAsync();
if (!await SchoolAssessment.Features.Demo.DemoPasswordGuard.AllowsStartAsync(app)) return SchoolAssessment.Features.Demo.DemoPasswordGuard.ExitCode;
var timeline = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartTimeline));
StartTimeline.Mark(timeline, "demo passwords checked");
app.UseApplicationPipeline();
app.Lifetime.ApplicationStarted.Register(() => StartTimeline.Mark(timeline, "listening"));
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
