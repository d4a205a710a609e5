using System.Collections.Concurrent;

namespace SchoolAssessment.Shared;

/// <summary>Something changed that an open page may want to show without being reloaded.</summary>
public abstract record LiveEvent;

/// <summary>A school's yearly values or stored results changed (saved, imported, rescored).</summary>
public sealed record SchoolResultsChanged(int SchoolId, int Year) : LiveEvent;

/// <summary>An item score, a final score or an assessment's state changed.</summary>
public sealed record AssessmentScoresChanged(int AssessmentId, int SchoolId) : LiveEvent;

/// <summary>A round's assessments moved (scored, closed, a team assigned).</summary>
public sealed record RoundProgressChanged(int RoundId) : LiveEvent;

/// <summary>A rectification plan's lines changed (status, text, evidence, generated).</summary>
public sealed record LedgerChanged(int PlanId, int SchoolId) : LiveEvent;

/// <summary>How far a long piece of work has come (an import, a generation); <paramref name="Done"/> = <paramref name="Total"/> when finished.</summary>
public sealed record WorkProgress(Guid WorkId, int Done, int Total, string? Message = null) : LiveEvent;

/// <summary>
/// The in-process notifier: services publish after they commit, open pages subscribe while they are on screen.
/// One instance per process (issue 16 spreads it across instances). A handler's failure is its own: it never
/// reaches the publisher, which has already committed.
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> logger)
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    /// <summary>Tells every subscriber of this kind of event whose filter accepts it; never waits for them.</summary>
    public void Publish(LiveEvent change)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            if (!subscription.Accepts(change)) continue;
            _ = Deliver(subscription, change);
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for each published <typeparamref name="T"/> that <paramref name="filter"/> accepts,
    /// until the returned handle is disposed. A component passes a handler that goes through <c>InvokeAsync</c>.
    /// </summary>
    public IDisposable Subscribe<T>(Func<T, bool> filter, Func<T, Task> handler) where T : LiveEvent
    {
        var subscription = new Subscription(
            change => change is T typed && filter(typed),
            change => handler((T)change),
            this);
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>How many pages are listening now (tests and the health check read it).</summary>
    public int SubscriberCount => _subscriptions.Count;

    private async Task Deliver(Subscription subscription, LiveEvent change)
    {
        try
        {
            await Task.Yield();
            await subscription.Handle(change);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A closed circuit or a page that failed to redraw: its problem, not the publisher's.
            logger.LogDebug(e, "A live update of {Change} was not delivered", change);
        }
    }

    private sealed class Subscription(Func<LiveEvent, bool> accepts, Func<LiveEvent, Task> handle, LiveUpdates owner) : IDisposable
    {
        public bool Accepts(LiveEvent change)
        {
            try { return accepts(change); }
            catch (Exception) { return false; }
        }

        public Task Handle(LiveEvent change) => handle(change);

        public void Dispose() => owner._subscriptions.TryRemove(this, out _);
    }
}
