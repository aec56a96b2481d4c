using Migration.Domain.Dedupe;
using Migration.Domain.Discovery;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Storage;

namespace Migration.Workflow;

/// <summary>
/// The second half of extracting a page of users, whatever their source (a segment page, a chunk of
/// a panel export): set aside EU/EEA users when the GDPR gate said so, merge duplicates through the
/// run's dedupe index, stage the survivors as numbered batches, record what was set aside and
/// rejected, and checkpoint the page. Pages are staged one at a time (a single index writer), and
/// staging one again writes the same batches and rows.
/// </summary>
public sealed class UserPageStager(StagingStore staging, RejectStore rejects, CheckpointStore checkpoints, DedupeIndex dedupe)
{
    /// <param name="unit">The page's checkpoint name (e.g. <c>page-000003</c>, <c>file-002-000007</c>).</param>
    /// <param name="listed">Records the source listed for this page (expected).</param>
    /// <param name="users">The users read, in source order.</param>
    /// <param name="repeated">Records the source listed twice within the page (skipped).</param>
    /// <param name="rejected">Records that could not be read, with reasons.</param>
    /// <param name="expectedUsers">
    /// Not used any more: the dedupe index sizes each sorted run's filter from the keys it holds. Kept so
    /// callers compile until the phase models drop <c>ExpectedUsers</c>.
    /// </param>
    public async Task<StagedPage> StageAsync(
        string runId, string unit, long listed, IReadOnlyList<SourceUser> users, long repeated, IReadOnlyList<RejectedRecord> rejected,
        int firstBatch, int batchSize, bool excludeEu, long expectedUsers, CancellationToken cancellationToken)
    {
        var skipped = new List<RejectedRecord>();
        var kept = new List<SourceUser>();
        foreach (var user in users)
        {
            if (excludeEu && EuropeanEconomicArea.Contains(user.ProfileText("country")))
                skipped.Add(new RejectedRecord(Phase.ExtractSkipped, user.ExtId, "eu_excluded", "EU/EEA user left in Netmera by the GDPR gate's decision"));
            else
                kept.Add(user);
        }

        // Duplicates across the whole population, through the run's index (sorted runs in Blob: memory stays bounded).
        var keys = kept.SelectMany(DedupeKeys.Of).Select(k => k.Hash).Distinct().ToList();
        var index = await dedupe.OpenAsync(runId, cancellationToken).ConfigureAwait(false);
        var owners = await index.OwnersAsync(keys, cancellationToken).ConfigureAwait(false);
        var deduped = PageDedupe.Resolve(kept, owners, firstBatch, batchSize);
        await index.ClaimAsync(deduped.Claims, cancellationToken).ConfigureAwait(false);
        await dedupe.RecordMergesAsync(runId, deduped.Merges, cancellationToken).ConfigureAwait(false);
        skipped.AddRange(deduped.Merges.Select(m => new RejectedRecord(Phase.ExtractSkipped, m.ExtId, "merged_duplicate", m.Rule switch
        {
            DedupeRule.ExternalId => $"listed again (same external id); kept once as {m.Survivor}",
            DedupeRule.Email => $"same email as {m.Survivor}; merged into it",
            _ => $"same device as {m.Survivor}; merged into it",
        })));

        var batches = deduped.Survivors.Chunk(batchSize).ToList();
        for (var b = 0; b < batches.Count; b++)
            await staging.WriteBatchAsync(runId, StagedBatch.Name(StagedBatch.Persons, firstBatch + b), batches[b], cancellationToken).ConfigureAwait(false);

        if (rejected.Count > 0 || skipped.Count > 0)
            await rejects.AddAsync(runId, [.. rejected, .. skipped], cancellationToken).ConfigureAwait(false);

        var counts = new PhaseCounts(listed, deduped.Survivors.Count, 0, repeated + skipped.Count, rejected.Count);
        await checkpoints.WriteAsync(runId, new BatchCheckpoint(Phase.Extract, unit, counts), cancellationToken).ConfigureAwait(false);
        return new StagedPage(batches.Count, counts);
    }
}

public sealed record StagedPage(int BatchesWritten, PhaseCounts Counts);
