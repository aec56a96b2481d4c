using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Migration.Domain.Cutover;

namespace Migration.Storage;

/// <summary>The Cutovers table: one row per run in cutover (its window, schedule, options and watermark), replaced with its ETag.</summary>
public sealed class CutoverStore(MigrationStorage storage)
{
    private const string Partition = "cutover";

    /// <summary>Adds the cutover; false when the run already has one.</summary>
    public async Task<bool> TryAddAsync(CutoverRecord cutover, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Cutovers.AddEntityAsync(ToEntity(cutover), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<CutoverRecord?> GetAsync(string runId, CancellationToken cancellationToken) =>
        (await GetWithTagAsync(runId, cancellationToken).ConfigureAwait(false))?.Cutover;

    public async Task<IReadOnlyList<CutoverRecord>> ListOpenAsync(CancellationToken cancellationToken)
    {
        var open = new List<CutoverRecord>();
        await foreach (var e in storage.Cutovers.QueryAsync<TableEntity>(TableKey.PartitionIs(Partition), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var cutover = ToRecord(e);
            if (cutover.State == CutoverRecord.Open)
                open.Add(cutover);
        }
        return open;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the stored row and replaces it only if nobody replaced it since it was read
    /// (two schedulers or an API call racing); retries on a conflict. Null when the run has no cutover; the stored
    /// record unchanged when <paramref name="change"/> answers null.
    /// </summary>
    public async Task<CutoverRecord?> UpdateAsync(string runId, Func<CutoverRecord, CutoverRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            if (await GetWithTagAsync(runId, cancellationToken).ConfigureAwait(false) is not { } current)
                return null;
            if (change(current.Cutover) is not { } changed)
                return current.Cutover;
            try
            {
                await storage.Cutovers.UpdateEntityAsync(ToEntity(changed), current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return changed;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone else changed it first: read again and reapply.
            }
        }
    }

    private async Task<(CutoverRecord Cutover, ETag ETag)?> GetWithTagAsync(string runId, CancellationToken cancellationToken)
    {
        var found = await storage.Cutovers.GetEntityIfExistsAsync<TableEntity>(Partition, runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? (ToRecord(found.Value!), found.Value!.ETag) : null;
    }

    private static TableEntity ToEntity(CutoverRecord c) => new(Partition, c.RunId)
    {
        ["State"] = c.State,
        ["DeclaredBy"] = c.DeclaredBy,
        ["FrozenAt"] = c.FrozenAt,
        ["WindowEnd"] = c.WindowEnd,
        ["IntervalMinutes"] = c.IntervalMinutes,
        ["DeleteGone"] = c.DeleteGone,
        ["LastStarted"] = c.LastStarted,
        ["Watermark"] = c.Watermark is null ? null : JsonSerializer.Serialize(c.Watermark, StorageJson.Options),
        ["CompletedAt"] = c.CompletedAt,
        ["CompletedBy"] = c.CompletedBy,
    };

    private static CutoverRecord ToRecord(TableEntity e) => new(
        e.RowKey, e.GetString("State"), e.GetString("DeclaredBy"), e.GetDateTimeOffset("FrozenAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("WindowEnd") ?? DateTimeOffset.MinValue, e.GetInt32("IntervalMinutes") ?? 5, e.GetBoolean("DeleteGone") ?? false)
    {
        LastStarted = e.GetInt32("LastStarted") ?? 0,
        Watermark = e.GetString("Watermark") is { Length: > 0 } w ? JsonSerializer.Deserialize<DeltaWatermark>(w, StorageJson.Options) : null,
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        CompletedBy = e.GetString("CompletedBy"),
    };
}
