using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Migration.Domain.Campaigns;
using Migration.Domain.Handover;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// One part of the handover's lists over every user: reads a range of staged person batches with their persons ledger
/// partitions, one batch at a time, and writes the part's rows of the users-without-email and push-token lists
/// (<c>handover/parts/…/{part}.csv</c>) with their tallies. Memory holds one batch and the part's rows.
/// </summary>
public sealed partial class WriteHandoverPartActivity(StagingStore staging, IIdLedger ledger, ILogger<WriteHandoverPartActivity> log)
    : MigrationActivity<HandoverPartInput, HandoverPartResult>(log)
{
    public static string WithoutEmailPart(int part) => $"handover/parts/users-without-email/{part.ToString("D6", CultureInfo.InvariantCulture)}.csv";

    public static string PushTokensPart(int part) => $"handover/parts/push-tokens/{part.ToString("D6", CultureInfo.InvariantCulture)}.csv";

    protected override async Task<HandoverPartResult> PerformAsync(HandoverPartInput input, CancellationToken cancellationToken)
    {
        var withoutEmail = new StringBuilder();
        var tokens = new StringBuilder();
        var withoutEmailTally = new Dictionary<string, long>(StringComparer.Ordinal);
        var tokenTally = new Dictionary<string, long>(StringComparer.Ordinal);
        long users = 0;
        for (var batch = input.FirstBatch; batch < input.FirstBatch + input.BatchCount; batch++)
        {
            var staged = await staging.ReadBatchAsync(input.RunId, StagedBatch.Name(StagedBatch.Persons, batch), cancellationToken).ConfigureAwait(false);
            var rows = await ledger.ReadBatchAsync(PersonWriting.LedgerBatchOf(input.RunId, batch), cancellationToken).ConfigureAwait(false);
            foreach (var user in staged)
            {
                users++;
                var row = rows.GetValueOrDefault(user.ExtId);
                UsersWithoutEmail.AppendRow(withoutEmail, withoutEmailTally, user, row);
                PushTokenReference.AppendRows(tokens, tokenTally, user, row);
            }
        }
        await staging.WriteArtifactAsync(input.RunId, WithoutEmailPart(input.Part), withoutEmail.ToString(), "text/csv", cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, PushTokensPart(input.Part), tokens.ToString(), "text/csv", cancellationToken).ConfigureAwait(false);
        LogPart(log, input.RunId, input.Part, users, withoutEmailTally.Values.Sum(), tokenTally.Values.Sum());
        return new HandoverPartResult(input.Part, users, withoutEmailTally, tokenTally);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} handover part {Part}: {Users} users, {WithoutEmail} without email, {Devices} devices with a push token")]
    private static partial void LogPart(ILogger logger, string runId, int part, long users, long withoutEmail, long devices);
}

/// <summary>
/// Writes the handover (<c>reports/handover/</c>, docs/handover.md): the inventories the import staged (journeys, campaigns
/// merged by key with their deals, widgets, surveys) rendered whole, the two lists over every user joined from their parts
/// (streamed, never held at once), the workflow-rebuild checklist and the index.
/// </summary>
public sealed partial class WriteHandoverActivity(
    StagingStore staging, IIdLedger ledger, MappingStore mappings, TimeProvider time, ILogger<WriteHandoverActivity> log)
    : MigrationActivity<WriteHandoverInput, HandoverResult>(log)
{
    protected override async Task<HandoverResult> PerformAsync(WriteHandoverInput input, CancellationToken cancellationToken)
    {
        var handover = input.Handover;
        var runId = handover.RunId;
        var now = time.GetUtcNow();
        var staged = (await staging.ListArtifactsAsync(runId, "staged/inventory/", cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();

        var journeys = await InventoryAsync<SourceJourney>("journeys");
        var widgets = await InventoryAsync<SourceWidget>("widgets");
        var surveys = await InventoryAsync<SourceSurvey>("surveys");
        var campaignFiles = await InventoryFilesAsync<SourceCampaign>("campaigns");
        var campaigns = new Inventory<SourceCampaign>(campaignFiles.Files, CampaignMerge.Merge(campaignFiles.Records));
        var deals = await CampaignStaging.DealsAsync(staging, ledger, runId, campaigns.Records.Select(c => c.Key).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

        var users = input.Parts.Sum(p => p.Users);
        var withoutEmail = Tally.Merge(input.Parts.Select(p => new Tally(p.WithoutEmail)));
        var tokens = Tally.Merge(input.Parts.Select(p => new Tally(p.PushTokens)));
        var map = await mappings.GetApprovedAsync(runId, cancellationToken).ConfigureAwait(false);
        var tokensMoved = map?.Lines.Any(l => l.SourceId == SourceItems.DeviceId(SourceItems.DeviceToken) && l.Target.Kind != TargetKinds.None) == true;
        var segments = handover.Segments is { } s ? new SegmentMapSummary(s.Segments, s.Filters, s.WithLosses) : null;

        HandoverDocument[] documents =
        [
            JourneyInventory.Render(runId, now, journeys),
            CampaignReferenceSheet.Render(runId, now, campaigns, deals.ToDictionary(d => d.Key, d => d.Value.DealId, StringComparer.Ordinal)),
            WidgetAssetInventory.Render(runId, now, widgets),
            SurveyInventory.Render(runId, now, surveys),
            PushTokenReference.Render(runId, now, tokens, users, tokensMoved),
            UsersWithoutEmail.Render(runId, now, withoutEmail, users),
            WorkflowRebuildChecklist.Render(runId, now, new HandoverInputs(journeys, campaigns, widgets, surveys, segments, tokens.Total, withoutEmail.Total)),
        ];
        var parts = input.Parts.Select(p => p.Part).Order().ToList();
        foreach (var document in documents)
        {
            var artifact = document.Entry.Artifact;
            await staging.WriteArtifactAsync(runId, artifact.MarkdownPath, document.Markdown, "text/markdown; charset=utf-8", cancellationToken).ConfigureAwait(false);
            if (artifact == HandoverArtifact.UsersWithoutEmail || artifact == HandoverArtifact.PushTokens)
            {
                // The lists over every user: the header, then each part's rows, streamed.
                Func<int, string> part = artifact == HandoverArtifact.PushTokens ? WriteHandoverPartActivity.PushTokensPart : WriteHandoverPartActivity.WithoutEmailPart;
                await staging.WriteJoinedArtifactAsync(runId, artifact.CsvPath, document.Csv, parts.Select(part), "text/csv; charset=utf-8", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await staging.WriteArtifactAsync(runId, artifact.CsvPath, document.Csv, "text/csv; charset=utf-8", cancellationToken).ConfigureAwait(false);
            }
        }
        var entries = documents.Select(d => d.Entry).ToList();
        await staging.WriteArtifactAsync(runId, HandoverArtifact.IndexPath, HandoverIndex.Render(runId, now, entries, segments), "text/markdown; charset=utf-8", cancellationToken).ConfigureAwait(false);

        var notProvided = entries.Where(e => e.NotProvided).Select(e => e.Artifact.Key).ToList();
        LogWritten(log, runId, entries.Count, string.Join(", ", entries.Select(e => $"{e.Artifact.Key} {e.Count}")), string.Join(", ", notProvided));
        return new HandoverResult(entries.ToDictionary(e => e.Artifact.Key, e => e.Count, StringComparer.Ordinal), notProvided);

        async Task<Inventory<T>> InventoryAsync<T>(string kind)
        {
            var files = await InventoryFilesAsync<T>(kind).ConfigureAwait(false);
            return new Inventory<T>(files.Files, files.Records.SelectMany(r => r).ToList());
        }

        // Each staged file of a kind (staged/inventory/{kind}-{file index}.ndjson.gz), named by the import folder's file.
        async Task<(IReadOnlyList<string> Files, IReadOnlyList<IReadOnlyList<T>> Records)> InventoryFilesAsync<T>(string kind)
        {
            var prefix = $"staged/inventory/{kind}-";
            var names = new List<string>();
            var records = new List<IReadOnlyList<T>>();
            foreach (var blob in staged.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var index = blob[prefix.Length..].Split('.')[0];
                names.Add(int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < handover.Files.Count ? handover.Files[i].Name : blob);
                records.Add(await staging.ReadLinesAsync<T>(runId, blob, cancellationToken).ConfigureAwait(false));
            }
            return (names, records);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: handover written, {Artifacts} artifacts ({Counts}); not provided: {NotProvided}")]
    private static partial void LogWritten(ILogger logger, string runId, int artifacts, string counts, string notProvided);
}
