using Azure.Data.Tables;
using Migration.Domain.Reconciliation;

namespace Migration.Storage;

/// <summary>
/// The Checkpoints table: one row per finished unit of a phase (partition = run, row = phase|unit),
/// and one row per finished phase with its result (partition = run|phases), which a resumed run reads
/// to skip what is done. Upserts, so a unit finished twice is counted once.
/// </summary>
public sealed class CheckpointStore(MigrationStorage storage)
{
    public Task WriteAsync(string runId, BatchCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var c = checkpoint.Counts;
        var entity = new TableEntity(runId, $"{checkpoint.Phase}|{TableKey.Escape(checkpoint.Unit)}")
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
        var checkpoints = new List<TimedCheckpoint>();
        await foreach (var e in storage.Checkpoints.QueryAsync<TableEntity>(TableKey.PartitionIs(runId), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var phase = e.GetString("Phase");
            checkpoints.Add(new TimedCheckpoint(new BatchCheckpoint(
                phase,
                TableKey.Unescape(e.RowKey[(phase.Length + 1)..]),
                new PhaseCounts(e.GetInt64("Expected") ?? 0, e.GetInt64("Created") ?? 0, e.GetInt64("Updated") ?? 0,
                    e.GetInt64("Skipped") ?? 0, e.GetInt64("Rejected") ?? 0)),
                e.Timestamp));
        }
        return checkpoints;
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
}

/// <summary>A finished unit and when its checkpoint was written (null only where the table reports no time).</summary>
public sealed record TimedCheckpoint(BatchCheckpoint Checkpoint, DateTimeOffset? WrittenAt);
