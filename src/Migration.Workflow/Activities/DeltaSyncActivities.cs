using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Cutover;
using Migration.Domain.Dedupe;
using Migration.Domain.Discovery;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Netmera;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Delta sync, step 1 (docs/cutover.md): re-reads one page of the segment (profiles and devices, in slices kept across a
/// Netmera quota pause as extraction does), maps each user with the run's approved map and the extras its batch was
/// routed, and classifies it against the ledger (<see cref="DeltaClassification"/>). Stages what must move
/// (<c>delta/{n}/found/{page}</c>) and the hashed ids it saw (<c>delta/{n}/seen/{page}</c>). Writes nothing to Pipedrive;
/// running it again stages the same.
/// </summary>
public sealed partial class ReadDeltaPageActivity(
    NetmeraClientFactory netmera, StagingStore staging, IIdLedger ledger, MappingStore mappings, DedupeIndex dedupe, ILogger<ReadDeltaPageActivity> log)
    : MigrationActivity<DeltaPageInput, DeltaPageResult>(log)
{
    /// <summary>Users read per call to Netmera between quota checks, as extraction.</summary>
    private const int ReadSlice = 50;

    protected override async Task<DeltaPageResult> PerformAsync(DeltaPageInput input, CancellationToken cancellationToken)
    {
        var client = netmera.Create(input.NetmeraConnection);
        var page = await client.GetSegmentUsersPageAsync(input.SegmentId, input.PageSize, input.NextPage, cancellationToken).ConfigureAwait(false);
        var members = (page.List ?? []).Where(m => !string.IsNullOrWhiteSpace(m.ExternalId)).DistinctBy(m => m.ExternalId).ToList();

        var cacheName = DeltaStaging.CachePath(input.Sync, input.PageNumber);
        var cache = (await staging.ReadLinesAsync<CachedRead>(input.RunId, cacheName, cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.ExtId, r => r.User, StringComparer.Ordinal);
        foreach (var slice in members.Where(m => !cache.ContainsKey(m.ExternalId!)).Chunk(ReadSlice))
        {
            try
            {
                var read = await client.ReadUsersAsync(slice, input.Concurrency, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < slice.Length; i++)
                    cache[slice[i].ExternalId!] = read[i];
            }
            catch (NetmeraQuotaExceededException e)
            {
                await staging.WriteLinesAsync(input.RunId, cacheName, cache.Select(c => new CachedRead(c.Key, c.Value)), cancellationToken).ConfigureAwait(false);
                return new DeltaPageResult(DeltaCounts.Zero, input.NextPage) { PausedUntil = e.ResumeAt };
            }
        }

        // Every listed id counts as seen, read or not: a user Netmera lists is not gone.
        await staging.WriteLinesAsync(input.RunId, DeltaStaging.SeenPath(input.Sync, input.PageNumber),
            members.Select(m => RouteIndex.ExtIdKey(m.ExternalId!)), cancellationToken).ConfigureAwait(false);

        var users = members.Select(m => cache[m.ExternalId!]).OfType<SourceUser>().ToList();
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var route = new RouteIndex(await staging.ReadLinesAsync<RouteIndexEntry>(input.RunId, ExtrasRouting.IndexPath, cancellationToken).ConfigureAwait(false));
        var created = await DeltaStaging.ReadIndexAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false);
        string? BatchOf(string extId) =>
            created.TryGetValue(RouteIndex.ExtIdKey(extId), out var delta) ? delta
            : route.BatchOfExtId(extId) is { } staged ? DeltaStaging.StagedLedgerBatch(staged) : null;

        var batches = new Dictionary<string, BatchRows>(StringComparer.Ordinal);
        var found = new List<DeltaFound>();
        var newcomers = new List<(SourceUser User, PersonMappingOutcome Outcome)>();
        var counts = DeltaCounts.Zero with { Listed = members.Count, Skipped = members.Count - users.Count };
        foreach (var user in users)
        {
            var batchName = BatchOf(user.ExtId);
            BatchRows? rows = null;
            if (batchName is not null && !batches.TryGetValue(batchName, out rows))
                batches[batchName] = rows = await ReadRowsAsync(input.RunId, batchName, cancellationToken).ConfigureAwait(false);
            var withExtras = rows?.Extras.TryGetValue(user.ExtId, out var extras) == true ? extras.ApplyTo(user) : user;
            var outcome = PersonMapping.Map(withExtras, map);
            var original = rows?.Rows.GetValueOrDefault(user.ExtId);
            var decision = DeltaClassification.Classify(outcome, batchName is not null, original, rows?.Current.GetValueOrDefault(user.ExtId));
            switch (decision.Kind)
            {
                case DeltaKind.New when input.ExcludeEu && EuropeanEconomicArea.Contains(user.ProfileText("country")):
                    counts = counts with { Skipped = counts.Skipped + 1 };
                    break;
                case DeltaKind.New when original is null:
                    newcomers.Add((withExtras, outcome));
                    break;
                case DeltaKind.New:
                    found.Add(new DeltaFound(DeltaKind.New, user.ExtId, null, null, withExtras));
                    counts = counts with { New = counts.New + 1 };
                    break;
                case DeltaKind.Changed:
                    found.Add(new DeltaFound(DeltaKind.Changed, user.ExtId, batchName, original!.TargetId, withExtras));
                    counts = counts with { Changed = counts.Changed + 1 };
                    break;
                case DeltaKind.Unchanged:
                    counts = counts with { Unchanged = counts.Unchanged + 1 };
                    break;
                default:
                    counts = counts with { Skipped = counts.Skipped + 1 };
                    break;
            }
        }

        // A user new to the run whose email or device a moved person already has would be a second person for one
        // customer: it is left out, as extraction would have merged it (the index is read, never claimed).
        if (newcomers.Count > 0)
        {
            var keys = newcomers.SelectMany(n => DedupeKeys.Of(n.User)).Where(k => k.Rule != DedupeRule.ExternalId).Select(k => k.Hash).Distinct().ToList();
            var owners = await (await dedupe.OpenAsync(input.RunId, cancellationToken).ConfigureAwait(false)).OwnersAsync(keys, cancellationToken).ConfigureAwait(false);
            foreach (var (user, _) in newcomers)
            {
                var duplicate = DedupeKeys.Of(user).Any(k => k.Rule != DedupeRule.ExternalId && owners.TryGetValue(k.Hash, out var owner) && owner.ExtId != user.ExtId);
                if (duplicate)
                {
                    counts = counts with { Skipped = counts.Skipped + 1 };
                    continue;
                }
                found.Add(new DeltaFound(DeltaKind.New, user.ExtId, null, null, user));
                counts = counts with { New = counts.New + 1 };
            }
        }

        await staging.WriteLinesAsync(input.RunId, DeltaStaging.FoundPath(input.Sync, input.PageNumber), found, cancellationToken).ConfigureAwait(false);
        LogPage(log, input.RunId, input.Sync, input.PageNumber, counts.Listed, counts.New, counts.Changed, counts.Unchanged, counts.Skipped);
        return new DeltaPageResult(counts, string.IsNullOrEmpty(page.NextPage) ? null : page.NextPage);
    }

    private async Task<BatchRows> ReadRowsAsync(string runId, string batchName, CancellationToken cancellationToken)
    {
        var rows = await ledger.ReadBatchAsync(DeltaStaging.PersonBatch(runId, batchName), cancellationToken).ConfigureAwait(false);
        var current = await ledger.ReadBatchAsync(DeltaStaging.CurrentBatch(runId, batchName), cancellationToken).ConfigureAwait(false);
        var extras = DeltaStaging.StagedBatchOf(batchName) is { } staged
            ? (await staging.ReadLinesAsync<PersonExtras>(runId, StagedBatch.Name(StagedBatch.PersonExtras, staged), cancellationToken).ConfigureAwait(false))
                .ToDictionary(e => e.ExtId, StringComparer.Ordinal)
            : [];
        return new BatchRows(rows, current, extras);
    }

    private sealed record BatchRows(
        IReadOnlyDictionary<string, LedgerEntry> Rows, IReadOnlyDictionary<string, LedgerEntry> Current, IReadOnlyDictionary<string, PersonExtras> Extras);

    private sealed record CachedRead(string ExtId, SourceUser? User);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} delta {Sync} page {Page}: {Listed} listed, {New} new, {Changed} changed, {Unchanged} unchanged, {Skipped} skipped")]
    private static partial void LogPage(ILogger logger, string runId, int sync, int page, long listed, long @new, long changed, long unchanged, long skipped);
}

/// <summary>
/// Delta sync, step 2: joins the pages' seen ids into one set and lists the ledger batches a gone person can be in (the
/// run's staged batches and the batches earlier syncs created persons in). Returns the number of ranges to search.
/// </summary>
public sealed class PlanDeltaGoneActivity(StagingStore staging, ILogger<PlanDeltaGoneActivity> log)
    : MigrationActivity<DeltaPlanInput, int>(log)
{
    protected override async Task<int> PerformAsync(DeltaPlanInput input, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ulong>();
        for (var page = 0; page < input.Pages; page++)
            seen.UnionWith(await staging.ReadLinesAsync<ulong>(input.RunId, DeltaStaging.SeenPath(input.Sync, page), cancellationToken).ConfigureAwait(false));
        await staging.WriteLinesAsync(input.RunId, DeltaStaging.SeenAllPath(input.Sync), seen.Order(), cancellationToken).ConfigureAwait(false);

        var created = await DeltaStaging.ReadIndexAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false);
        var units = Enumerable.Range(0, input.StagedBatches).Select(DeltaStaging.StagedLedgerBatch)
            .Concat(created.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)).ToList();
        await staging.WriteLinesAsync(input.RunId, DeltaStaging.GoneUnitsPath(input.Sync), units, cancellationToken).ConfigureAwait(false);
        return (units.Count + DeltaStaging.GoneRangeBatches - 1) / DeltaStaging.GoneRangeBatches;
    }
}

/// <summary>Delta sync, step 3: one range of ledger batches searched for persons whose users the segment no longer lists.</summary>
public sealed class FindDeltaGoneActivity(StagingStore staging, IIdLedger ledger, ILogger<FindDeltaGoneActivity> log)
    : MigrationActivity<DeltaRangeInput, long>(log)
{
    protected override async Task<long> PerformAsync(DeltaRangeInput input, CancellationToken cancellationToken)
    {
        var seen = (await staging.ReadLinesAsync<ulong>(input.RunId, DeltaStaging.SeenAllPath(input.Sync), cancellationToken, missingIsEmpty: false).ConfigureAwait(false)).ToHashSet();
        var units = await staging.ReadLinesAsync<string>(input.RunId, DeltaStaging.GoneUnitsPath(input.Sync), cancellationToken, missingIsEmpty: false).ConfigureAwait(false);
        var gone = new List<DeltaFound>();
        foreach (var unit in units.Skip(input.Range * DeltaStaging.GoneRangeBatches).Take(DeltaStaging.GoneRangeBatches))
        {
            var rows = await ledger.ReadBatchAsync(DeltaStaging.PersonBatch(input.RunId, unit), cancellationToken).ConfigureAwait(false);
            var current = await ledger.ReadBatchAsync(DeltaStaging.CurrentBatch(input.RunId, unit), cancellationToken).ConfigureAwait(false);
            foreach (var row in rows.Values.OrderBy(r => r.SourceId, StringComparer.Ordinal))
            {
                var now = current.GetValueOrDefault(row.SourceId);
                if (DeltaClassification.IsGone(row, now, seen.Contains(RouteIndex.ExtIdKey(row.SourceId))))
                    gone.Add(new DeltaFound(DeltaKind.Gone, row.SourceId, unit, row.TargetId, null) { Hash = now?.PayloadHash ?? row.PayloadHash });
            }
        }
        await staging.WriteLinesAsync(input.RunId, DeltaStaging.GoneFoundPath(input.Sync, input.Range), gone, cancellationToken).ConfigureAwait(false);
        return gone.Count;
    }
}

/// <summary>Delta sync, step 4: what the pages and the gone search found, cut into apply batches of at most 100. Returns their count.</summary>
public sealed class ChunkDeltaActivity(StagingStore staging, ILogger<ChunkDeltaActivity> log)
    : MigrationActivity<DeltaChunkInput, int>(log)
{
    protected override async Task<int> PerformAsync(DeltaChunkInput input, CancellationToken cancellationToken)
    {
        var all = new List<DeltaFound>();
        for (var page = 0; page < input.Pages; page++)
            all.AddRange(await staging.ReadLinesAsync<DeltaFound>(input.RunId, DeltaStaging.FoundPath(input.Sync, page), cancellationToken).ConfigureAwait(false));
        for (var range = 0; range < input.GoneRanges; range++)
            all.AddRange(await staging.ReadLinesAsync<DeltaFound>(input.RunId, DeltaStaging.GoneFoundPath(input.Sync, range), cancellationToken).ConfigureAwait(false));
        var chunks = all.Chunk(DeltaStaging.ApplyBatchSize).ToList();
        for (var b = 0; b < chunks.Count; b++)
            await staging.WriteLinesAsync(input.RunId, DeltaStaging.ApplyPath(input.Sync, b), chunks[b], cancellationToken).ConfigureAwait(false);
        return chunks.Count;
    }
}
