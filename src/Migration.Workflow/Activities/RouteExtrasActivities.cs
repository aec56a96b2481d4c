using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Mapping;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Indexes one range of staged person batches for routing: which batch holds each external id (survivors and the ids
/// merged into them) and each installation, as hashed keys (<see cref="RouteIndex"/>). Rerunning writes the same blob.
/// </summary>
public sealed class IndexPersonRangeActivity(StagingStore staging, ILogger<IndexPersonRangeActivity> log)
    : MigrationActivity<RouteRangeInput, int>(log)
{
    protected override async Task<int> PerformAsync(RouteRangeInput input, CancellationToken cancellationToken)
    {
        var entries = new List<RouteIndexEntry>();
        var first = RouteRanges.FirstBatch(input.Range);
        for (var batch = first; batch < Math.Min(first + RouteRanges.BatchesPerRange, input.PersonBatches); batch++)
        {
            var users = await staging.ReadBatchAsync(input.RunId, StagedBatch.Name(StagedBatch.Persons, batch), cancellationToken).ConfigureAwait(false);
            entries.AddRange(RouteIndex.EntriesOf(batch, users));
        }
        await staging.WriteLinesAsync(input.RunId, ExtrasRouting.RangeIndexPath(input.Range), entries, cancellationToken).ConfigureAwait(false);
        return entries.Count;
    }
}

/// <summary>
/// Plans the routing: joins the ranges' indexes into one, and lists the staged sources of per-person rows (event and
/// push chunks, tag-assignment and survey-answer inventories, segment member listings) in name order, so units are
/// numbered the same on every run. Returns the number of units.
/// </summary>
public sealed partial class PlanRoutingActivity(StagingStore staging, RouteIndexStore routeIndexes, ILogger<PlanRoutingActivity> log)
    : MigrationActivity<RoutePlanInput, int>(log)
{
    protected override async Task<int> PerformAsync(RoutePlanInput input, CancellationToken cancellationToken)
    {
        var entries = new List<RouteIndexEntry>();
        for (var range = 0; range < input.Ranges; range++)
            entries.AddRange(await staging.ReadLinesAsync<RouteIndexEntry>(input.RunId, ExtrasRouting.RangeIndexPath(range), cancellationToken, missingIsEmpty: false).ConfigureAwait(false));
        await routeIndexes.WriteAsync(input.RunId, entries, cancellationToken).ConfigureAwait(false);

        var units = new List<RouteUnit>();
        foreach (var (kind, folder, prefix) in Sources)
        {
            var names = await staging.ListArtifactsAsync(input.RunId, folder, cancellationToken).ConfigureAwait(false);
            units.AddRange(names.Where(n => n.StartsWith(folder + prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(n => new RouteUnit(kind, n)));
        }
        await staging.WriteArtifactAsync(input.RunId, ExtrasRouting.UnitsPath, JsonSerializer.Serialize(units, StorageJson.Options), ApiResult.Json, cancellationToken).ConfigureAwait(false);
        LogPlanned(log, input.RunId, entries.Count, units.Count);
        return units.Count;
    }

    private static readonly (string Kind, string Folder, string Prefix)[] Sources =
    [
        (RouteUnitKinds.Events, "staged/events/", ""),
        (RouteUnitKinds.PushResults, "staged/push-results/", ""),
        (RouteUnitKinds.TagAssignments, "staged/inventory/", "tag-assignments-"),
        (RouteUnitKinds.SurveyAnswers, "staged/inventory/", "survey-answers-"),
        (RouteUnitKinds.SegmentMembers, "staged/segment-members/", ""),
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} routing planned: {Keys} index keys, {Units} source units")]
    private static partial void LogPlanned(ILogger logger, string runId, int keys, int units);
}

/// <summary>
/// Routes one source unit: each row goes to the part blob of its person's batch range, found through the index by
/// External ID (or, for a push row without one, by installation). Rows no staged person owns, and events the approved map
/// does not move, are skipped and tallied per reason. Writes the unit's checkpoint (expected = rows read, skipped = set
/// aside; the range merge counts the routed rows as created). Rerunning writes the same parts.
/// </summary>
public sealed partial class RouteUnitActivity(
    StagingStore staging, RouteIndexStore routeIndexes, MappingStore mappings, CheckpointStore checkpoints, RejectStore rejects, ILogger<RouteUnitActivity> log)
    : MigrationActivity<RouteUnitInput, PhaseCounts>(log)
{
    protected override async Task<PhaseCounts> PerformAsync(RouteUnitInput input, CancellationToken cancellationToken)
    {
        var unit = (await ExtrasRouting.ReadUnitsAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false))[input.Unit];
        var index = await routeIndexes.ReadAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var events = unit.Kind == RouteUnitKinds.Events
            ? new EventTargets(await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false))
            : null;

        var parts = new SortedDictionary<int, List<RoutedRow>>();
        var skipped = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long read = 0;
        foreach (var row in await ReadRowsAsync(unit, input.RunId, events, cancellationToken).ConfigureAwait(false))
        {
            read++;
            if (Route(row, index) is { } reason)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }
            var range = RouteRanges.RangeOf(row.Batch);
            if (!parts.TryGetValue(range, out var list))
                parts[range] = list = [];
            list.Add(row.Row!);
        }

        foreach (var (range, rows) in parts)
            await staging.WriteLinesAsync(input.RunId, ExtrasRouting.PartPath(range, input.Unit), rows, cancellationToken).ConfigureAwait(false);

        var phase = RouteUnitKinds.PhaseOf(unit.Kind);
        if (skipped.Count > 0)
        {
            await rejects.AddAsync(input.RunId, skipped.Select(s => new RejectedRecord(Phase.RouteSkipped, $"{unit.Blob}|{s.Key}", s.Key,
                $"{s.Value.ToString(CultureInfo.InvariantCulture)} {phase} rows: {RouteSkipReasons.Describe(s.Key)}")).ToList(), cancellationToken).ConfigureAwait(false);
        }
        var counts = new PhaseCounts(read, 0, 0, skipped.Values.Sum(), 0);
        await checkpoints.WriteAsync(input.RunId, new BatchCheckpoint(phase, ExtrasRouting.UnitKey(input.Unit), counts), cancellationToken).ConfigureAwait(false);
        LogUnit(log, input.RunId, input.Unit, unit.Kind, read, read - counts.Skipped, counts.Skipped, parts.Count);
        return counts;
    }

    /// <summary>The batch the row's person is staged in, or why it has none.</summary>
    private static string? Route(Candidate row, RouteIndex index)
    {
        if (row.Row is null)
            return RouteSkipReasons.EventNotMoved;
        var extId = row.Row.ExtIdOf();
        var batch = extId is not null ? index.BatchOfExtId(extId)
            : row.Row.InstallationIdOf() is { Length: > 0 } installation ? index.BatchOfInstallation(installation)
            : null;
        if (batch is null)
            return extId is null ? RouteSkipReasons.AnonymousInstallation : RouteSkipReasons.UserNotStaged;
        row.Batch = batch.Value;
        return null;
    }

    private async Task<IReadOnlyList<Candidate>> ReadRowsAsync(RouteUnit unit, string runId, EventTargets? events, CancellationToken cancellationToken)
    {
        switch (unit.Kind)
        {
            case RouteUnitKinds.Events:
                return [.. (await Read<SourceEvent>()).Select(e => events!.Of(e) is { } target
                    ? new Candidate(new RoutedRow { Event = e, TargetKind = target.Kind, TargetName = target.Name })
                    : new Candidate(null))];
            case RouteUnitKinds.PushResults:
                return [.. (await Read<SourcePushResult>()).Select(p => new Candidate(new RoutedRow { Push = p }))];
            case RouteUnitKinds.TagAssignments:
                return [.. (await Read<SourceUserTags>()).Select(t => new Candidate(new RoutedRow { Tags = t }))];
            case RouteUnitKinds.SurveyAnswers:
                return [.. (await Read<SourceSurveyResponse>()).Select(a => new Candidate(new RoutedRow { Answer = a }))];
            case RouteUnitKinds.SegmentMembers:
                return [.. (await Read<SourceSegmentMember>()).Select(m => new Candidate(new RoutedRow { Segment = m }))];
            default:
                throw new InvalidOperationException($"Routing does not read {unit.Kind} units.");
        }

        async Task<IReadOnlyList<T>> Read<T>() =>
            await staging.ReadLinesAsync<T>(runId, unit.Blob, cancellationToken, missingIsEmpty: false).ConfigureAwait(false);
    }

    /// <summary>A row read, with the batch its person is found in (null row: an event the map does not move).</summary>
    private sealed class Candidate(RoutedRow? row)
    {
        public RoutedRow? Row => row;
        public int Batch { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} routing unit {Unit} ({Kind}): {Rows} rows, {Routed} routed, {Skipped} skipped, {Ranges} ranges")]
    private static partial void LogUnit(ILogger logger, string runId, int unit, string kind, long rows, long routed, long skipped, int ranges);
}

/// <summary>
/// Merges what the units routed to one range of person batches: each row is matched to its staged person exactly
/// (an id merged into a survivor goes to the survivor; a push row without External ID through the person's devices),
/// then each batch's <see cref="PersonExtras"/> is written (<c>staged/person-extras/{batch}</c>, one line per person with
/// anything), and the range's activity events, by batch, person and time, in chunks of 100
/// (<see cref="ActivityEvents.BlobName"/>). Writes a checkpoint per phase (created = rows that reached a person).
/// Rerunning writes the same blobs.
/// </summary>
public sealed partial class MergeExtrasRangeActivity(StagingStore staging, CheckpointStore checkpoints, RejectStore rejects, ILogger<MergeExtrasRangeActivity> log)
    : MigrationActivity<RouteRangeInput, RouteMergeResult>(log)
{
    protected override async Task<RouteMergeResult> PerformAsync(RouteRangeInput input, CancellationToken cancellationToken)
    {
        var first = RouteRanges.FirstBatch(input.Range);
        var last = Math.Min(first + RouteRanges.BatchesPerRange, input.PersonBatches);
        var batches = new List<(int Batch, IReadOnlyList<SourceUser> Users)>();
        var byExtId = new Dictionary<string, PersonExtrasBuilder>(StringComparer.Ordinal);
        var byInstallation = new Dictionary<string, PersonExtrasBuilder>(StringComparer.Ordinal);
        for (var batch = first; batch < last; batch++)
        {
            var users = await staging.ReadBatchAsync(input.RunId, StagedBatch.Name(StagedBatch.Persons, batch), cancellationToken).ConfigureAwait(false);
            batches.Add((batch, users));
            foreach (var user in users)
            {
                var builder = new PersonExtrasBuilder(user.ExtId);
                foreach (var id in user.MergedExtIds.Prepend(user.ExtId))
                    byExtId.TryAdd(id, builder);
                foreach (var device in user.Devices.Where(d => !string.IsNullOrEmpty(d.InstallationId)))
                    byInstallation.TryAdd(device.InstallationId!, builder);
            }
        }

        var routed = new Dictionary<string, long>(StringComparer.Ordinal);
        var unmatched = new Dictionary<string, long>(StringComparer.Ordinal);
        var parts = (await staging.ListArtifactsAsync(input.RunId, ExtrasRouting.PartsFolder(input.Range), cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
        foreach (var part in parts)
        {
            foreach (var row in await staging.ReadLinesAsync<RoutedRow>(input.RunId, part, cancellationToken, missingIsEmpty: false).ConfigureAwait(false))
            {
                var phase = PhaseOf(row);
                var builder = row.ExtIdOf() is { } extId ? byExtId.GetValueOrDefault(extId)
                    : row.InstallationIdOf() is { Length: > 0 } installation ? byInstallation.GetValueOrDefault(installation)
                    : null;
                if (builder is null)
                {
                    // Only a hash collision in the index sends a row to a range that does not hold its person.
                    unmatched[phase] = unmatched.GetValueOrDefault(phase) + 1;
                    continue;
                }
                builder.Add(row);
                routed[phase] = routed.GetValueOrDefault(phase) + 1;
            }
        }

        var activityEvents = new List<StagedActivityEvent>();
        foreach (var (batch, users) in batches)
        {
            var extras = new List<PersonExtras>();
            foreach (var user in users)
            {
                var builder = byExtId[user.ExtId];
                var built = builder.Build();
                if (built.Summaries.Count + built.Events.Count + built.PushResults.Count + built.Tags.Count + built.SurveyAnswers.Count + built.Segments.Count > 0)
                    extras.Add(built);
                activityEvents.AddRange(builder.ActivityEvents(batch));
            }
            await staging.WriteLinesAsync(input.RunId, StagedBatch.Name(StagedBatch.PersonExtras, batch), extras, cancellationToken).ConfigureAwait(false);
        }

        var chunks = activityEvents.Chunk(ActivityEvents.BatchSize).ToList();
        for (var chunk = 0; chunk < chunks.Count; chunk++)
            await staging.WriteLinesAsync(input.RunId, ActivityEvents.BlobName(input.Range, chunk), chunks[chunk], cancellationToken).ConfigureAwait(false);

        foreach (var phase in new[] { Phase.RouteEvents, Phase.RoutePushResults, Phase.RoutePersonRows })
        {
            var missed = unmatched.GetValueOrDefault(phase);
            await checkpoints.WriteAsync(input.RunId, new BatchCheckpoint(phase, ExtrasRouting.MergeKey(input.Range),
                new PhaseCounts(0, routed.GetValueOrDefault(phase), 0, missed, 0)), cancellationToken).ConfigureAwait(false);
            if (missed > 0)
            {
                await rejects.AddAsync(input.RunId, [new RejectedRecord(Phase.RouteSkipped, $"{ExtrasRouting.MergeKey(input.Range)}|{phase}", RouteSkipReasons.UserNotStaged,
                    $"{missed.ToString(CultureInfo.InvariantCulture)} {phase} rows: {RouteSkipReasons.Describe(RouteSkipReasons.UserNotStaged)}")], cancellationToken).ConfigureAwait(false);
            }
        }
        LogMerged(log, input.RunId, input.Range, batches.Count, routed.Values.Sum(), unmatched.Values.Sum(), activityEvents.Count, chunks.Count);
        return new RouteMergeResult(activityEvents.Count, chunks.Count);
    }

    private static string PhaseOf(RoutedRow row) =>
        row.Event is not null ? Phase.RouteEvents : row.Push is not null ? Phase.RoutePushResults : Phase.RoutePersonRows;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} routing range {Range}: {Batches} person batches, {Routed} rows to persons, {Unmatched} unmatched, {Events} activity events in {Chunks} batches")]
    private static partial void LogMerged(ILogger logger, string runId, int range, int batches, long routed, long unmatched, int events, int chunks);
}

/// <summary>Numbers the activity batches the ranges wrote (0..K-1) in a small table the activities load reads; returns K.</summary>
public sealed class WriteActivityTableActivity(StagingStore staging, ILogger<WriteActivityTableActivity> log)
    : MigrationActivity<ActivityTableInput, int>(log)
{
    protected override async Task<int> PerformAsync(ActivityTableInput input, CancellationToken cancellationToken)
    {
        var table = new ActivityEvents(input.ChunksPerRange);
        await staging.WriteArtifactAsync(input.RunId, ActivityEvents.TablePath, JsonSerializer.Serialize(table, StorageJson.Options), ApiResult.Json, cancellationToken).ConfigureAwait(false);
        return table.BatchCount;
    }
}
