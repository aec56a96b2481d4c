using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Migration.Storage;

/// <summary>
/// The BatchLeases table: which execution is writing a batch now (partition = run, row = the batch's unit). The
/// queues deliver at least once: a message whose activity outlives its visibility timeout (a batch slowed by retries,
/// a busy machine), or whose completion is lost, is delivered again while the first delivery may still be writing.
/// The id ledger makes a batch safe to run again, not to run twice at once: both runs would find the same records
/// unwritten and create each of them. So a batch is written only under its lease; a second delivery waits until the
/// first lets go (then finds its work done in the ledger) or until the lease lapses because its holder died.
/// </summary>
public sealed partial class BatchLeaseStore(MigrationStorage storage, TimeProvider time, ILogger<BatchLeaseStore> log)
{
    /// <summary>
    /// How long a lease lasts without renewal; renewed every third of it. Shorter than the queues' visibility timeout,
    /// so a killed host's lease has lapsed by the time its message comes back.
    /// </summary>
    public TimeSpan Term { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a delivery that found the batch held looks again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    private TableClient Table => storage.BatchLeases;

    /// <summary>
    /// Waits until this execution holds the batch's lease, then keeps it renewed until the lease is disposed. The
    /// lease's <see cref="BatchLease.Token"/> is cancelled if it is lost (another execution took it over after a
    /// renewal could not be made in time), so the holder stops writing.
    /// </summary>
    public async Task<BatchLease> AcquireAsync(string runId, string unit, CancellationToken cancellationToken)
    {
        var holder = Guid.NewGuid().ToString("N");
        var rowKey = TableKey.Escape(unit);
        var waited = false;
        while (true)
        {
            var entity = Entity(runId, rowKey, holder);
            try
            {
                var added = await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return Held(entity, added.Headers.ETag ?? ETag.All, waited, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }

            var current = await Table.GetEntityIfExistsAsync<TableEntity>(runId, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
                continue; // let go between the two calls
            var held = current.Value!;
            if (held.GetDateTimeOffset("ExpiresAt") is { } expires && expires > time.GetUtcNow())
            {
                if (!waited)
                    LogWaiting(log, runId, unit);
                waited = true;
                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Lapsed: its holder died or stalled. Take it over, unless another delivery just did.
            try
            {
                var taken = await Table.UpdateEntityAsync(entity, held.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                LogTakenOver(log, runId, unit);
                return Held(entity, taken.Headers.ETag ?? ETag.All, waited, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
            }
        }
    }

    private TableEntity Entity(string runId, string rowKey, string holder) =>
        new(runId, rowKey) { ["Holder"] = holder, ["ExpiresAt"] = time.GetUtcNow() + Term };

    private BatchLease Held(TableEntity entity, ETag etag, bool waited, CancellationToken cancellationToken)
    {
        if (waited)
            LogAcquiredAfterWait(log, entity.PartitionKey, TableKey.Unescape(entity.RowKey));
        return new BatchLease(this, entity, etag, cancellationToken);
    }

    /// <summary>Extends the lease; false when it is no longer this holder's.</summary>
    internal async Task<(bool Held, ETag ETag)> RenewAsync(TableEntity entity, ETag etag, CancellationToken cancellationToken)
    {
        entity["ExpiresAt"] = time.GetUtcNow() + Term;
        try
        {
            var renewed = await Table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return (true, renewed.Headers.ETag ?? etag);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            LogLost(log, entity.PartitionKey, TableKey.Unescape(entity.RowKey));
            return (false, etag);
        }
    }

    internal async Task ReleaseAsync(TableEntity entity, ETag etag)
    {
        try
        {
            await Table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, etag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Already taken over or gone: nothing of ours to release.
        }
    }

    internal TimeProvider Time => time;

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} batch {Unit} is being written by another delivery; waiting for it to finish or lapse")]
    private static partial void LogWaiting(ILogger logger, string runId, string unit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} batch {Unit}: the other delivery let go; this one goes on from the ledger")]
    private static partial void LogAcquiredAfterWait(ILogger logger, string runId, string unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} batch {Unit}: its lease had lapsed (the holder died or stalled); taken over")]
    private static partial void LogTakenOver(ILogger logger, string runId, string unit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} batch {Unit}: lease lost to another delivery; this one stops writing")]
    private static partial void LogLost(ILogger logger, string runId, string unit);
}

/// <summary>
/// A held batch lease, renewed in the background until disposed; disposing lets the batch go. <see cref="Token"/>
/// ends when the lease is lost or the caller's token is cancelled.
/// </summary>
public sealed class BatchLease : IAsyncDisposable
{
    private readonly BatchLeaseStore store;
    private readonly TableEntity entity;
    private readonly CancellationTokenSource lost;
    private readonly CancellationTokenSource stop = new();
    private readonly Task renewing;
    private ETag etag;
    private bool isLost;
    private bool disposed;

    internal BatchLease(BatchLeaseStore store, TableEntity entity, ETag etag, CancellationToken cancellationToken)
    {
        this.store = store;
        this.entity = entity;
        this.etag = etag;
        lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        renewing = RenewAsync();
    }

    public CancellationToken Token => lost.Token;

    private async Task RenewAsync()
    {
        var every = store.Term / 3;
        var expires = store.Time.GetUtcNow() + store.Term;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, store.Time, stop.Token).ConfigureAwait(false);
                var (held, renewed) = await store.RenewAsync(entity, etag, stop.Token).ConfigureAwait(false);
                if (!held)
                {
                    await LoseAsync().ConfigureAwait(false);
                    return;
                }
                etag = renewed;
                expires = store.Time.GetUtcNow() + store.Term;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && store.Time.GetUtcNow() < expires)
            {
                // A storage hiccup: the lease still runs; try again at the next renewal.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Could not renew before it lapsed: another delivery may hold it now.
                await LoseAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task LoseAsync()
    {
        isLost = true;
        await lost.CancelAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
            return;
        disposed = true;
        await stop.CancelAsync().ConfigureAwait(false);
        await renewing.ConfigureAwait(false);
        if (!isLost)
            await store.ReleaseAsync(entity, etag).ConfigureAwait(false);
        lost.Dispose();
        stop.Dispose();
    }
}
