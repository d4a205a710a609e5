using Microsoft.Extensions.Logging.Abstractions;
using SchoolAssessment.Shared;

namespace SchoolAssessment.Tests.Shared;

public sealed class LiveUpdatesTests
{
    [Fact]
    public async Task A_subscriber_hears_the_events_its_filter_accepts_until_it_unsubscribes()
    {
        var live = new LiveUpdates(NullLogger<LiveUpdates>.Instance);
        var heard = new TaskCompletionSource<AssessmentScoresChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var others = 0;
        using (live.Subscribe<AssessmentScoresChanged>(e => e.AssessmentId == 7, e => { heard.TrySetResult(e); return Task.CompletedTask; }))
        using (live.Subscribe<LedgerChanged>(_ => true, _ => { Interlocked.Increment(ref others); return Task.CompletedTask; }))
        {
            live.Publish(new AssessmentScoresChanged(8, 1));
            live.Publish(new AssessmentScoresChanged(7, 1));
            Assert.Equal(new AssessmentScoresChanged(7, 1), await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(2, live.SubscriberCount);
        }

        Assert.Equal(0, live.SubscriberCount);
        Assert.Equal(0, others);
    }

    [Fact]
    public async Task A_failing_subscriber_neither_reaches_the_publisher_nor_stops_the_others()
    {
        var live = new LiveUpdates(NullLogger<LiveUpdates>.Instance);
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var failing = live.Subscribe<RoundProgressChanged>(_ => true, _ => throw new InvalidOperationException("circuit gone"));
        using var fine = live.Subscribe<RoundProgressChanged>(_ => true, _ => { heard.TrySetResult(); return Task.CompletedTask; });

        live.Publish(new RoundProgressChanged(3));

        await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
