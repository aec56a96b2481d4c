using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Netmera;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Extracts one page of the segment: lists its members, reads each member's profile attributes and
/// devices (bounded concurrency), sets aside EU/EEA users when the GDPR gate said so, merges
/// duplicates (same email or device) into the first user seen through the run's dedupe index, and
/// stages the survivors as gzip NDJSON batches numbered from <c>FirstBatchNumber</c>. Pages run one
/// at a time; running one twice overwrites the same batches and claims its keys once.
/// Counts: expected = members listed; created = staged; skipped = repeated in the page, merged into
/// another user, or excluded by the GDPR decision; rejected = unreadable (no external id, or unknown
/// to Netmera).
/// </summary>
public sealed partial class ExtractSegmentPageActivity(
    NetmeraClientFactory netmera, StagingStore staging, UserPageStager stager, ILogger<ExtractSegmentPageActivity> log)
    : MigrationActivity<ExtractPageInput, ExtractPageResult>(log)
{
    protected override async Task<ExtractPageResult> PerformAsync(ExtractPageInput input, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var client = netmera.Create(input.NetmeraConnection);
        var page = await client.GetSegmentUsersPageAsync(input.SegmentId, input.PageSize, input.NextPage, cancellationToken).ConfigureAwait(false);
        var members = page.List ?? [];

        var rejected = new List<RejectedRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<NetmeraSegmentMember>(members.Count);
        var repeated = 0;
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            if (string.IsNullOrWhiteSpace(member.ExternalId))
                rejected.Add(new RejectedRecord(Phase.Extract, $"page-{input.PageNumber}#{i}", "no_external_id",
                    "segment member without an external id: Netmera's per-user reads need one"));
            else if (!seen.Add(member.ExternalId))
                repeated++;
            else
                unique.Add(member);
        }

        // Users are read in slices, and what a slice read is kept in the page's read cache, so a page
        // that meets Netmera's quota part way resumes where it stopped instead of starting over.
        var cacheName = $"staged/extract-cache/{input.PageNumber.ToString("D6", CultureInfo.InvariantCulture)}.ndjson.gz";
        var cache = (await staging.ReadLinesAsync<CachedRead>(input.RunId, cacheName, cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.ExtId, r => r.User, StringComparer.Ordinal);
        var toRead = unique.Where(m => !cache.ContainsKey(m.ExternalId!)).ToList();
        foreach (var slice in toRead.Chunk(ReadSlice))
        {
            try
            {
                var sliceRead = await client.ReadUsersAsync(slice, input.Concurrency, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < slice.Length; i++)
                    cache[slice[i].ExternalId!] = sliceRead[i];
            }
            catch (NetmeraQuotaExceededException e)
            {
                // Netmera's quota is spent: keep what was read, stage nothing, let the phase sleep and come back.
                await staging.WriteLinesAsync(input.RunId, cacheName, cache.Select(c => new CachedRead(c.Key, c.Value)), cancellationToken).ConfigureAwait(false);
                LogQuota(log, input.RunId, input.PageNumber, cache.Count, unique.Count, e.ResumeAt);
                return new ExtractPageResult(0, PhaseCounts.Zero, input.NextPage) { PausedUntil = e.ResumeAt };
            }
        }
        var users = unique.Select(m => cache[m.ExternalId!]).ToList();
        var read = Stopwatch.GetElapsedTime(started);

        for (var i = 0; i < unique.Count; i++)
        {
            if (users[i] is null)
                rejected.Add(new RejectedRecord(Phase.Extract, unique[i].ExternalId!, RejectReason.SourceNotFound,
                    "listed in the segment but unknown to getProfileAttributes (deleted since the segment was calculated?)"));
        }

        var staged = await stager.StageAsync(input.RunId, "page-" + input.PageNumber.ToString("D6", CultureInfo.InvariantCulture),
            members.Count, users.OfType<SourceUser>().ToList(), repeated, rejected, input.FirstBatchNumber, input.BatchSize, input.ExcludeEu,
            input.ExpectedUsers, cancellationToken).ConfigureAwait(false);
        var counts = staged.Counts;

        LogPage(log, input.RunId, input.PageNumber, members.Count, counts.Created, staged.BatchesWritten, counts.Skipped, counts.Rejected,
            (long)read.TotalMilliseconds, (long)(Stopwatch.GetElapsedTime(started) - read).TotalMilliseconds);
        return new ExtractPageResult(staged.BatchesWritten, counts, string.IsNullOrEmpty(page.NextPage) ? null : page.NextPage);
    }

    /// <summary>Users read per call to Netmera between quota checks; also what a quota refusal can cost again.</summary>
    private const int ReadSlice = 50;

    /// <summary>A user the page already read (null: Netmera did not know it), kept across a quota pause.</summary>
    private sealed record CachedRead(string ExtId, SourceUser? User);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} extract page {Page}: Netmera's quota is spent (5022) after {Read} of {Total} users; reading on after {ResumeAt}")]
    private static partial void LogQuota(ILogger logger, string runId, int page, int read, int total, DateTimeOffset resumeAt);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} extract page {Page}: {Listed} listed, {Staged} staged in {Batches} batches, {Skipped} skipped, {Rejected} rejected; read in {ReadMs} ms, deduped and staged in {StageMs} ms")]
    private static partial void LogPage(ILogger logger, string runId, int page, int listed, long staged, int batches, long skipped, long rejected, long readMs, long stageMs);
}
