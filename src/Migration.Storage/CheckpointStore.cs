using Azure.Data.Tables;
using Migration.Domain.Reconciliation;

namespace Migration.Storage;

/// <summary>
/// The Checkpoints table: one row per finished unit of a phase (row = phase|unit), and one row per finished phase
/// with its result (partition = run|phases), which a resumed run reads to skip what is done. Upserts, so a unit
/// finished twice is counted once. A run's unit rows spread over 16 partitions (run|unit-0 … run|unit-f) by a hash
/// of the row key: Azurite finds the row an upsert replaces by scanning its partition, and with one partition per run
/// every batch's checkpoint cost as much as the run's checkpoints so far (about 6,000 at 50,000 users). Rows an
/// earlier version wrote in the single partition (partition = run) are still read.
/// </summary>
public sealed class CheckpointStore(MigrationStorage storage)
{
    public Task WriteAsync(string runId, BatchCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var c = checkpoint.Counts;
        var rowKey = $"{checkpoint.Phase}|{TableKey.Escape(checkpoint.Unit)}";
        var entity = new TableEntity(UnitPartition(runId, rowKey), rowKey)
        {
            ["Phase"] = checkpoint.Phase,
            ["Expected"] = c.Expected,
            ["Created"] = c.Created,
            ["Updated"] = c.Updated,
            ["Skipped"] = c.Skipped,
            ["Rejected"] = c.Rejected,
        };
        return storage.Checkpoints.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<BatchCheckpoint>> ReadAsync(string runId, CancellationToken cancellationToken) =>
        [.. (await ReadTimedAsync(runId, cancellationToken).ConfigureAwait(false)).Select(c => c.Checkpoint)];

    /// <summary>
    /// The finished units with when their row was last written (the table's own Timestamp, so nothing
    /// extra is stored): the status page's throughput over time.
    /// </summary>
    public async Task<IReadOnlyList<TimedCheckpoint>> ReadTimedAsync(string runId, CancellationToken cancellationToken)
    {
        // By row key: a unit an earlier version checkpointed and this one checkpointed again counts once, as written last.
        var checkpoints = new Dictionary<string, TimedCheckpoint>(StringComparer.Ordinal);
        var from = UnitPartitionPrefix(runId);
        var filter = $"{TableKey.PartitionIs(runId)} or {TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {from + "~"}")}";
        await foreach (var e in storage.Checkpoints.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var phase = e.GetString("Phase");
            if (e.PartitionKey == runId && checkpoints.ContainsKey(e.RowKey))
                continue;
            checkpoints[e.RowKey] = new TimedCheckpoint(new BatchCheckpoint(
                phase,
                TableKey.Unescape(e.RowKey[(phase.Length + 1)..]),
                new PhaseCounts(e.GetInt64("Expected") ?? 0, e.GetInt64("Created") ?? 0, e.GetInt64("Updated") ?? 0,
                    e.GetInt64("Skipped") ?? 0, e.GetInt64("Rejected") ?? 0)),
                e.Timestamp);
        }
        // In phase and unit order, as when they shared one partition.
        return [.. checkpoints.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value)];
    }

    /// <summary>Per-phase totals of the finished units.</summary>
    public async Task<IReadOnlyDictionary<string, PhaseCounts>> TotalsAsync(string runId, CancellationToken cancellationToken) =>
        (await ReadAsync(runId, cancellationToken).ConfigureAwait(false))
            .GroupBy(c => c.Phase)
            .ToDictionary(g => g.Key, g => PhaseCounts.Sum(g.Select(c => c.Counts)));

    /// <summary>Records that a phase finished, with its (small, JSON) result.</summary>
    public Task SavePhaseResultAsync(string runId, string phase, string resultJson, CancellationToken cancellationToken) =>
        storage.Checkpoints.UpsertEntityAsync(new TableEntity(PhasesPartition(runId), phase) { ["Result"] = resultJson },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>The phases of a run that finished, with their results.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadPhaseResultsAsync(string runId, CancellationToken cancellationToken)
    {
        var partition = PhasesPartition(runId);
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var e in storage.Checkpoints.QueryAsync<TableEntity>(TableKey.PartitionIs(partition), cancellationToken: cancellationToken).ConfigureAwait(false))
            results[e.RowKey] = e.GetString("Result");
        return results;
    }

    private static string PhasesPartition(string runId) => runId + "|phases";

    private static string UnitPartitionPrefix(string runId) => runId + "|unit-";

    private static string UnitPartition(string runId, string rowKey) =>
        UnitPartitionPrefix(runId) + TableKey.Shard(rowKey);
}

/// <summary>A finished unit and when its checkpoint was written (null only where the table reports no time).</summary>
public sealed record TimedCheckpoint(BatchCheckpoint Checkpoint, DateTimeOffset? WrittenAt);
