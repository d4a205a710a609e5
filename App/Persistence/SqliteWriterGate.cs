using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolAssessment.Persistence;

/// <summary>
/// Lets one SQLite transaction of this process write at a time, the others waiting their turn asynchronously.
/// </summary>
/// <remarks>
/// SQLite has one writer per database, and Microsoft.Data.Sqlite begins every transaction with <c>BEGIN IMMEDIATE</c>:
/// without the gate, each waiting writer sits in SQLite's busy handler, which blocks a thread-pool thread and sleeps
/// in growing steps (up to 100 ms) before it looks again. Hundreds of saves at once then starve the thread pool and
/// wait far longer than the writes take. With it, a waiting save holds no thread and starts the moment the last
/// writer ends. The gate belongs to the database file, so every context of the process shares it. Another process
/// (the command line) is still met by the busy timeout; a gate not given within that time is passed by, not waited
/// on forever: a transaction opened inside another never deadlocks, it waits as it would have without the gate.
/// </remarks>
public sealed class SqliteWriterGate(ILogger? logger = null) : IDbTransactionInterceptor
{
    /// <summary>As long as SQLite's own busy timeout (<see cref="SqliteTuning.Pragmas"/>).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    // The turn a connection's transaction holds, given back at its commit, rollback or failure, or at the latest when the
    // connection closes (a transaction disposed unfinished is rolled back by SQLite without an event EF passes on).
    private readonly ConditionalWeakTable<DbConnection, Turn> _starting = [];
    private readonly ConditionalWeakTable<DbTransaction, Turn> _turns = [];

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (GateOf(connection) is { } gate) Hold(connection, gate, gate.Wait(Patience));
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (GateOf(connection) is { } gate) Hold(connection, gate, await gate.WaitAsync(Patience, cancellationToken));
        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Started(connection, result);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Started(connection, result);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    /// <summary>The gate of the connection's database file; none for PostgreSQL or an in-memory database.</summary>
    private static SemaphoreSlim? GateOf(DbConnection connection) =>
        connection is SqliteConnection { DataSource: { Length: > 0 } file } && file != ":memory:"
            ? Gates.GetOrAdd(Path.GetFullPath(file), static _ => new SemaphoreSlim(1, 1))
            : null;

    private void Hold(DbConnection connection, SemaphoreSlim gate, bool entered)
    {
        if (!entered)
        {
            logger?.LogWarning("A SQLite writer waited {Seconds} s for the writer gate and goes on without it", Patience.TotalSeconds);
            return;
        }

        var turn = new Turn(gate, connection);
        _starting.AddOrUpdate(connection, turn);
        connection.StateChange += turn.OnStateChange;
    }

    private void Started(DbConnection connection, DbTransaction transaction)
    {
        if (_starting.TryGetValue(connection, out var turn) && _starting.Remove(connection)) _turns.AddOrUpdate(transaction, turn);
    }

    private void Release(DbTransaction transaction)
    {
        if (_turns.TryGetValue(transaction, out var turn) && _turns.Remove(transaction)) turn.Release();
    }

    private sealed class Turn(SemaphoreSlim gate, DbConnection connection)
    {
        private int _released;

        public void OnStateChange(object? sender, System.Data.StateChangeEventArgs change)
        {
            if (change.CurrentState == System.Data.ConnectionState.Closed) Release();
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            connection.StateChange -= OnStateChange;
            gate.Release();
        }
    }
}
