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
/// devices (bounded concurrency), and stages them as gzip NDJSON batches numbered from
/// <c>FirstBatchNumber</c>. Running it twice for the same page overwrites the same batches.
/// Counts: expected = members listed; created = staged; skipped = repeated in the page; rejected =
/// unreadable (no external id, or unknown to Netmera).
/// </summary>
public sealed partial class ExtractSegmentPageActivity(
    NetmeraClientFactory netmera, StagingStore staging, RejectStore rejects, CheckpointStore checkpoints,
    ILogger<ExtractSegmentPageActivity> log)
    : MigrationActivity<ExtractPageInput, ExtractPageResult>(log)
{
    protected override async Task<ExtractPageResult> PerformAsync(ExtractPageInput input, CancellationToken cancellationToken)
    {
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

        var users = new SourceUser?[unique.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, unique.Count),
            new ParallelOptions { MaxDegreeOfParallelism = input.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var member = unique[i];
                var profile = await client.GetProfileAsync(member.ExternalId!, ct).ConfigureAwait(false);
                if (profile is null)
                    return;
                var devices = await client.GetDevicesAsync(member.ExternalId!, ct).ConfigureAwait(false);
                users[i] = new SourceUser
                {
                    ExtId = member.ExternalId!,
                    Email = member.Email,
                    Msisdn = member.Msisdn,
                    Profile = profile,
                    Devices = devices,
                };
            }).ConfigureAwait(false);

        for (var i = 0; i < unique.Count; i++)
        {
            if (users[i] is null)
                rejected.Add(new RejectedRecord(Phase.Extract, unique[i].ExternalId!, RejectReason.SourceNotFound,
                    "listed in the segment but unknown to getProfileAttributes (deleted since the segment was calculated?)"));
        }

        var staged = users.OfType<SourceUser>().ToList();
        var batches = staged.Chunk(input.BatchSize).ToList();
        for (var b = 0; b < batches.Count; b++)
            await staging.WriteBatchAsync(input.RunId, StagedBatch.Name(StagedBatch.Persons, input.FirstBatchNumber + b), batches[b], cancellationToken).ConfigureAwait(false);

        if (rejected.Count > 0)
            await rejects.AddAsync(input.RunId, rejected, cancellationToken).ConfigureAwait(false);

        var counts = new PhaseCounts(members.Count, staged.Count, 0, repeated, rejected.Count);
        await checkpoints.WriteAsync(input.RunId,
            new BatchCheckpoint(Phase.Extract, "page-" + input.PageNumber.ToString("D6", CultureInfo.InvariantCulture), counts),
            cancellationToken).ConfigureAwait(false);

        LogPage(log, input.RunId, input.PageNumber, members.Count, staged.Count, batches.Count, repeated, rejected.Count);
        return new ExtractPageResult(batches.Count, counts, string.IsNullOrEmpty(page.NextPage) ? null : page.NextPage);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} extract page {Page}: {Listed} listed, {Staged} staged in {Batches} batches, {Repeated} repeated, {Rejected} rejected")]
    private static partial void LogPage(ILogger logger, string runId, int page, int listed, int staged, int batches, int repeated, int rejected);
}
