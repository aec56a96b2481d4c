using Azure.Data.Tables;
using Migration.Domain.Gates;

namespace Migration.Storage;

/// <summary>The Gates table: every decision taken at a run's gates (who, when, basis, what).</summary>
public sealed class GateStore(MigrationStorage storage)
{
    /// <summary>Records a decision; false when the gate was already decided (the first decision stands).</summary>
    public async Task<bool> TryRecordAsync(string runId, GateDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Gates.AddEntityAsync(new TableEntity(runId, decision.Gate)
            {
                ["Decision"] = decision.Decision,
                ["Approver"] = decision.Approver,
                ["DecidedAt"] = decision.DecidedAt,
                ["Basis"] = decision.Basis,
                ["Note"] = decision.Note,
                ["Version"] = decision.Version,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<GateDecision?> GetAsync(string runId, string gate, CancellationToken cancellationToken)
    {
        var found = await storage.Gates.GetEntityIfExistsAsync<TableEntity>(runId, gate, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToDecision(found.Value!) : null;
    }

    public async Task<IReadOnlyList<GateDecision>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        var decisions = new List<GateDecision>();
        await foreach (var e in storage.Gates.QueryAsync<TableEntity>(TableKey.PartitionIs(runId), cancellationToken: cancellationToken).ConfigureAwait(false))
            decisions.Add(ToDecision(e));
        return decisions;
    }

    private static GateDecision ToDecision(TableEntity e) => new(
        e.RowKey, e.GetString("Decision"), e.GetString("Approver"), e.GetDateTimeOffset("DecidedAt") ?? DateTimeOffset.MinValue,
        e.GetString("Basis"), e.GetString("Note")) { Version = e.GetInt32("Version") };
}
