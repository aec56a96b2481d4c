using Azure.Data.Tables;
using Migration.Domain.Reports;

namespace Migration.Storage;

/// <summary>
/// The Rejects table: one row per rejected record and phase, with the reason (never the values). A
/// phase's rows spread over 16 partitions by a hash of the source id: Azurite finds a row by scanning
/// its partition, so one partition per phase made each write cost as much as the phase's rejects so
/// far (at 200,000 users, 5,000 merged duplicates in one partition cost Azurite some 7 s of scanning).
/// </summary>
public sealed class RejectStore(MigrationStorage storage)
{
    private const int TransactionLimit = 100;

    public async Task AddAsync(string runId, IReadOnlyCollection<RejectedRecord> rejects, CancellationToken cancellationToken)
    {
        foreach (var group in rejects.DistinctBy(r => (r.Phase, r.SourceId)).GroupBy(r => Partition(runId, r.Phase, r.SourceId)))
        {
            foreach (var chunk in group.Chunk(TransactionLimit))
            {
                var rows = chunk.Select(r => new TableEntity(group.Key, TableKey.Escape(r.SourceId))
                {
                    ["SourceId"] = r.SourceId,
                    ["ReasonCode"] = r.ReasonCode,
                    ["Detail"] = r.Detail,
                }).ToList();
                // A batch's few rejects mostly land one to a partition: a plain upsert is one request without a transaction's envelope.
                if (rows.Count == 1)
                    await storage.Rejects.UpsertEntityAsync(rows[0], TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                else
                    await storage.Rejects.SubmitTransactionAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken)
                        .ConfigureAwait(false);
            }
        }
    }

    /// <summary>A phase's rejects, in source id order (by table key).</summary>
    public async Task<IReadOnlyList<RejectedRecord>> ListAsync(string runId, string phase, CancellationToken cancellationToken)
    {
        // Every shard of the phase: keys "{run}|{phase}|0" to "{run}|{phase}|f", and nothing of a phase whose name starts alike.
        var from = $"{runId}|{phase}|";
        var to = from + "~";
        var rows = new List<(string RowKey, RejectedRecord Reject)>();
        await foreach (var e in storage.Rejects.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            rows.Add((e.RowKey, new RejectedRecord(phase, e.GetString("SourceId"), e.GetString("ReasonCode"), e.GetString("Detail"))));
        return rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.Reject).ToList();
    }

    private static string Partition(string runId, string phase, string sourceId) =>
        $"{runId}|{phase}|{TableKey.Shard(sourceId)}";
}
