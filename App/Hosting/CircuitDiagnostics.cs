using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SchoolAssessment.Hosting;

/// <summary>
/// For bench/circuits only: with <c>Diagnostics:CircuitHeap=true</c> (never set in production) the app counts its open
/// circuits and answers <c>GET /_diagnostics/circuit-heap</c> with the managed heap after a forced, compacting GC.
/// Off by default: the endpoint does not exist then.
/// </summary>
public static class CircuitDiagnostics
{
    private static int _open;

    private const string Gate = "Diagnostics:CircuitHeap";

    public static void AddCircuitDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(Gate)) services.AddScoped<CircuitHandler, Counter>();
    }

    public static void MapCircuitDiagnostics(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Gate)) return;
        app.MapGet("/_diagnostics/circuit-heap", () =>
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            return Results.Json(new { circuits = Volatile.Read(ref _open), heapBytes = GC.GetTotalMemory(forceFullCollection: true) });
        }).AllowAnonymous();
    }

    private sealed class Counter : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }
    }
}
