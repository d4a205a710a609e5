using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SchoolAssessment.Hosting;

/// <summary>
/// The app's own traces and metrics, beside ASP.NET Core's and EF Core's (see <c>ObservabilityServices</c>).
/// Created once per process; a listener (OpenTelemetry, dotnet-counters, a test's MeterListener) subscribes by name.
/// </summary>
public static class Telemetry
{
    public const string Name = "SchoolAssessment";

    /// <summary>Spans of background rescoring and of PDF printing.</summary>
    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
