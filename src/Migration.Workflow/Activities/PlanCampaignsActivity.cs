using Microsoft.Extensions.Logging;
using Migration.Domain.Campaigns;
using Migration.Domain.Source;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// After the mapping gate: merges the campaigns of every staged campaign file by key (<see cref="CampaignMerge"/>),
/// stages them in key order in batches for the deals load, and writes the index touchpoints use to find a
/// campaign's deal batch. When the approved map sends no campaign item to a deal, nothing is staged (campaigns
/// do not move). Running it again writes the same blobs.
/// </summary>
public sealed partial class PlanCampaignsActivity(StagingStore staging, MappingStore mappings, ILogger<PlanCampaignsActivity> log)
    : MigrationActivity<PlanCampaignsInput, PlanCampaignsResult>(log)
{
    protected override async Task<PlanCampaignsResult> PerformAsync(PlanCampaignsInput input, CancellationToken cancellationToken)
    {
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var files = new List<IReadOnlyList<SourceCampaign>>();
        foreach (var name in (await staging.ListArtifactsAsync(input.RunId, CampaignStaging.InventoryPrefix, cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal))
            files.Add(await staging.ReadLinesAsync<SourceCampaign>(input.RunId, name, cancellationToken).ConfigureAwait(false));
        var records = files.Sum(f => (long)f.Count);

        var campaigns = CampaignMapping.MovesCampaigns(map) ? CampaignMerge.Merge(files) : [];
        var batches = campaigns.Chunk(Math.Clamp(input.BatchSize, 1, 100)).ToList();
        for (var i = 0; i < batches.Count; i++)
            await staging.WriteLinesAsync(input.RunId, CampaignStaging.BatchName(i), batches[i], cancellationToken).ConfigureAwait(false);
        var index = batches.SelectMany((batch, i) => batch.Select(c => new StagedCampaignEntry(c.Key, i, CampaignMapping.Map(c, map).Deal.Title)));
        await staging.WriteLinesAsync(input.RunId, CampaignStaging.IndexName, index, cancellationToken).ConfigureAwait(false);

        if (campaigns.Count == 0 && records > 0)
            LogNotMoved(log, input.RunId, records);
        LogPlanned(log, input.RunId, files.Count, records, campaigns.Count, batches.Count);
        return new PlanCampaignsResult(batches.Count, campaigns.Count, records);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Files} campaign files with {Records} records merged into {Campaigns} campaigns in {Batches} batches")]
    private static partial void LogPlanned(ILogger logger, string runId, int files, long records, int campaigns, int batches);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: the approved map sends no campaign item to a deal, so the {Records} campaign records stay in Netmera")]
    private static partial void LogNotMoved(ILogger logger, string runId, long records);
}
