using Azure.Data.Tables;
using Migration.Domain.Reports;

namespace Migration.Storage;

/// <summary>The Rejects table: one row per rejected record and phase, with the reason (never the values).</summary>
public sealed class RejectStore(MigrationStorage storage)
{
    private const int TransactionLimit = 100;

    public async Task AddAsync(string runId, IReadOnlyCollection<RejectedRecord> rejects, CancellationToken cancellationToken)
    {
        foreach (var group in rejects.GroupBy(r => r.Phase))
        {
            var partition = $"{runId}|{group.Key}";
            foreach (var chunk in group.DistinctBy(r => r.SourceId).Chunk(TransactionLimit))
            {
                var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(partition, TableKey.Escape(r.SourceId))
                    {
                        ["SourceId"] = r.SourceId,
                        ["ReasonCode"] = r.ReasonCode,
                        ["Detail"] = r.Detail,
                    }));
                await storage.Rejects.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<RejectedRecord>> ListAsync(string runId, string phase, CancellationToken cancellationToken)
    {
        var partition = $"{runId}|{phase}";
        var rejects = new List<RejectedRecord>();
        await foreach (var e in storage.Rejects.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
            rejects.Add(new RejectedRecord(phase, e.GetString("SourceId"), e.GetString("ReasonCode"), e.GetString("Detail")));
        return rejects;
    }
}
