using System.Globalization;
using Migration.Domain.Campaigns;
using Migration.Domain.Ledger;
using Migration.Domain.Staging;
using Migration.Storage;

namespace Migration.Workflow;

/// <summary>
/// Where campaigns live between phases: the merged campaigns in batches (<c>staged/campaigns/{batch}.ndjson.gz</c>),
/// the index of which batch holds which key (<c>staged/campaigns/index.ndjson.gz</c>), and the deal ledger
/// partition of a batch, which touchpoints read to find a campaign's deal.
/// </summary>
internal static class CampaignStaging
{
    public const string Campaigns = "campaigns";

    /// <summary>The ledger object type of campaign deals.</summary>
    public const string DealObjectType = "deal";

    /// <summary>The ledger object type of touchpoint activities; one partition per person batch.</summary>
    public const string TouchpointObjectType = "touchpoint";

    public const string IndexName = "staged/campaigns/index.ndjson.gz";

    /// <summary>Campaign files staged by the import (inventories and push reports), each a whole file.</summary>
    public const string InventoryPrefix = "staged/inventory/campaigns-";

    public static string BatchName(int batch) => StagedBatch.Name(Campaigns, batch);

    public static LedgerBatch DealLedgerOf(string runId, int batch) =>
        new(runId, DealObjectType, batch.ToString("D6", CultureInfo.InvariantCulture));

    public static LedgerBatch TouchpointLedgerOf(string runId, int personBatch) =>
        new(runId, TouchpointObjectType, personBatch.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>
    /// The deals of the given campaigns that exist (created or found in the ledger), read from only the ledger
    /// partitions the index names for them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, CampaignDeal>> DealsAsync(
        StagingStore staging, IIdLedger ledger, string runId, IReadOnlySet<string> keys, CancellationToken cancellationToken)
    {
        var deals = new Dictionary<string, CampaignDeal>(StringComparer.Ordinal);
        if (keys.Count == 0)
            return deals;
        var index = await staging.ReadLinesAsync<StagedCampaignEntry>(runId, IndexName, cancellationToken).ConfigureAwait(false);
        foreach (var batch in index.Where(e => keys.Contains(e.Key)).GroupBy(e => e.Batch).OrderBy(g => g.Key))
        {
            var rows = await ledger.ReadBatchAsync(DealLedgerOf(runId, batch.Key), cancellationToken).ConfigureAwait(false);
            foreach (var entry in batch)
            {
                if (rows.TryGetValue(entry.Key, out var row) && row.State is LedgerState.Created or LedgerState.Updated && row.TargetId is { } id)
                    deals[entry.Key] = new CampaignDeal(id, entry.Name);
            }
        }
        return deals;
    }
}
