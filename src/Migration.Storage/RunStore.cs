using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Migration.Domain.Runs;

namespace Migration.Storage;

/// <summary>The Runs table: one row per run, written when the run is accepted.</summary>
public sealed class RunStore(MigrationStorage storage)
{
    private const string Partition = "run";

    /// <summary>Adds the run; false when a run with this id already exists.</summary>
    public async Task<bool> TryAddAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, run.RunId)
        {
            ["CreatedAt"] = run.CreatedAt,
            ["Plan"] = JsonSerializer.Serialize(run.Plan, StorageJson.Options),
        };
        try
        {
            await storage.Runs.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var found = await storage.Runs.GetEntityIfExistsAsync<TableEntity>(Partition, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    public async Task<IReadOnlyList<RunRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        await foreach (var entity in storage.Runs.QueryAsync<TableEntity>(TableKey.PartitionIs(Partition), cancellationToken: cancellationToken).ConfigureAwait(false))
            runs.Add(ToRecord(entity));
        return runs.OrderByDescending(r => r.CreatedAt).ToList();
    }

    private static RunRecord ToRecord(TableEntity entity) => new(
        entity.RowKey,
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        JsonSerializer.Deserialize<MigrationPlan>(entity.GetString("Plan"), StorageJson.Options)!);
}
