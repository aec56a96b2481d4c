using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Reconciliation;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;
using Migration.Workflow.Reports;

namespace Migration.Workflow.Activities;

/// <summary>A staged user chosen for the sample: where it is staged, and which mapped fields it fills.</summary>
public sealed record SampleMember(int Batch, string ExtId, IReadOnlyList<string> Fills);

/// <summary>The sample as chosen once and kept with the run, so every step and every rerun uses the same persons.</summary>
public sealed record SampleFile(IReadOnlyList<SampleMember> Members, IReadOnlyList<string> Targets, IReadOnlyList<string> NeverFilled);

/// <summary>
/// Chooses the sample: staged users in batch order, taking every user that fills a mapped field no
/// earlier choice fills, and the first users as they come until the sample size is reached; users the
/// map rejects are not chosen. Scans at most <see cref="MaxScannedBatches"/> batches. Chosen once.
/// </summary>
public sealed class SelectSampleActivity(StagingStore staging, MappingStore mappings, ILogger<SelectSampleActivity> log)
    : MigrationActivity<SampleInput, SampleSelection>(log)
{
    public const string SelectionPath = "sample/selection.json";
    public const int MaxSample = 500;
    public const int MaxScannedBatches = 1_000;

    protected override async Task<SampleSelection> PerformAsync(SampleInput input, CancellationToken cancellationToken)
    {
        if (await staging.ReadArtifactAsync(input.RunId, SelectionPath, cancellationToken).ConfigureAwait(false) is { } kept)
            return Summarise(JsonSerializer.Deserialize<SampleFile>(kept.Content, ApiJson.Options)!);

        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var targets = SampleFields.Targets(map);
        var uncovered = new HashSet<string>(targets, StringComparer.Ordinal);
        var members = new List<SampleMember>();
        for (var batch = 0; batch < Math.Min(input.BatchCount, MaxScannedBatches); batch++)
        {
            if (members.Count >= input.SampleSize && uncovered.Count == 0)
                break;
            var users = await PersonWriting.ReadPersonBatchAsync(staging, input.RunId, batch, cancellationToken).ConfigureAwait(false);
            foreach (var user in users)
            {
                if (PersonMapping.Map(user, map) is not { Person: { } person })
                    continue;
                var fills = SampleFields.Filled(person);
                var fillsNew = fills.Any(uncovered.Contains);
                if ((fillsNew && members.Count < MaxSample) || members.Count < input.SampleSize)
                {
                    members.Add(new SampleMember(batch, user.ExtId, fills));
                    uncovered.ExceptWith(fills);
                }
            }
        }

        var file = new SampleFile(members, targets, [.. targets.Where(uncovered.Contains)]);
        await staging.WriteArtifactAsync(input.RunId, SelectionPath, JsonSerializer.Serialize(file, ApiJson.Indented), ApiResult.Json, cancellationToken).ConfigureAwait(false);
        return Summarise(file);
    }

    private static SampleSelection Summarise(SampleFile file) => new(
        file.Members.Count,
        file.Members.Select(m => m.Batch).Distinct().Count(),
        [.. file.Targets.Where(t => !file.NeverFilled.Contains(t))],
        file.NeverFilled);
}

/// <summary>
/// Writes the sample's persons through the production writer, under the ledger rows of the batches they
/// were staged in: the production load finds them final and does not write them again.
/// </summary>
public sealed partial class LoadSampleActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, MappingStore mappings, RunSchemaStore schemas,
    ILogger<PersonWriter> writerLog, ILogger<OrganizationWriter> organizationLog, ILogger<LoadSampleActivity> log)
    : MigrationActivity<SampleInput, SampleLoadResult>(log)
{
    protected override async Task<SampleLoadResult> PerformAsync(SampleInput input, CancellationToken cancellationToken)
    {
        var sample = await SampleContext.ReadAsync(staging, mappings, schemas, input.RunId, cancellationToken).ConfigureAwait(false);
        var client = pipedrive.Create(input.PipedriveConnection);
        var counts = PhaseCounts.Zero;
        try
        {
            var owners = await PersonWriting.OwnersAsync(sample.Map, client, input.DefaultOwnerId, cancellationToken).ConfigureAwait(false);
            var writer = new PersonWriter(client, ledger, writerLog);
            var byBatch = await sample.UsersByBatchAsync(staging, cancellationToken).ConfigureAwait(false);
            await new SampleOrganizations(client, ledger, staging, organizationLog).WriteAsync(
                input.RunId, byBatch.SelectMany(b => b.Users).Select(u => PersonMapping.Map(u, sample.Map)), sample.Schema, input.DefaultOwnerId, cancellationToken).ConfigureAwait(false);
            foreach (var (batch, users) in byBatch)
            {
                var outcomes = users.Select(u => PersonMapping.Map(u, sample.Map)).ToList();
                var organizations = await PersonWriting.OrganizationsAsync(staging, ledger, input.RunId, outcomes, cancellationToken).ConfigureAwait(false);
                var result = await writer.WriteAsync(PersonWriting.LedgerBatchOf(input.RunId, batch), outcomes, sample.Schema, owners, organizations, cancellationToken).ConfigureAwait(false);
                counts = counts.Add(result.Counts);
            }
        }
        catch (PipedriveBudgetExhaustedException e)
        {
            await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
            LogPaused(log, input.RunId, e.Reason.ToString());
            return new SampleLoadResult(counts, false, e.Reason == BudgetExhaustion.ServerRefused ? e.Until : null);
        }
        await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
        LogWritten(log, input.RunId, counts.Expected, counts.Created, counts.Rejected, client.Usage.Tokens);
        return new SampleLoadResult(counts, true, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} sample: {Expected} persons, {Created} created, {Rejected} rejected; {Tokens} tokens")]
    private static partial void LogWritten(ILogger logger, string runId, long expected, long created, long rejected, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} sample paused by the Pipedrive budget ({Reason}); it goes on after the reset")]
    private static partial void LogPaused(ILogger logger, string runId, string reason);
}

/// <summary>
/// Reads every sample person back from Pipedrive and compares it field by field with what the approved
/// map says it should hold; writes the verification report (Markdown, CSV, JSON) the sample gate shows.
/// </summary>
public sealed partial class VerifySampleActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, MappingStore mappings, RunSchemaStore schemas,
    ILogger<VerifySampleActivity> log)
    : MigrationActivity<SampleInput, SampleResult>(log)
{
    protected override async Task<SampleResult> PerformAsync(SampleInput input, CancellationToken cancellationToken)
    {
        var sample = await SampleContext.ReadAsync(staging, mappings, schemas, input.RunId, cancellationToken).ConfigureAwait(false);
        var client = pipedrive.Create(input.PipedriveConnection);
        var report = new VerificationReport("Sample verification", sample.Map.Version, sample.File.NeverFilled, keepMatches: true);
        try
        {
            var owners = await PersonWriting.OwnersAsync(sample.Map, client, input.DefaultOwnerId, cancellationToken).ConfigureAwait(false);
            foreach (var (batch, users) in await sample.UsersByBatchAsync(staging, cancellationToken).ConfigureAwait(false))
            {
                var rows = await ledger.ReadBatchAsync(PersonWriting.LedgerBatchOf(input.RunId, batch), cancellationToken).ConfigureAwait(false);
                var organizations = await PersonWriting.OrganizationsAsync(staging, ledger, input.RunId, users.Select(u => PersonMapping.Map(u, sample.Map)), cancellationToken).ConfigureAwait(false);
                foreach (var user in users)
                {
                    var outcome = PersonMapping.Map(user, sample.Map);
                    if (!rows.TryGetValue(user.ExtId, out var row) || row.State == LedgerState.Rejected || row.TargetId is not { } personId || outcome.Person is null)
                    {
                        report.AddUnverified(user.ExtId, row?.ReasonCode ?? outcome.RejectCode ?? "not_written", row?.ReasonDetail ?? outcome.RejectDetail ?? "the sample load left no person");
                        continue;
                    }
                    var person = await client.GetPersonAsync(personId, cancellationToken).ConfigureAwait(false);
                    report.Add(user.ExtId, personId, PersonReadBack.Compare(outcome.Person, person, sample.Schema, owners, organizations));
                }
            }
        }
        finally
        {
            await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
        }

        // The Markdown last: the sample gate takes its presence as "verified".
        await staging.WriteArtifactAsync(input.RunId, RunReports.SampleVerificationJson.Path, report.Json(), RunReports.SampleVerificationJson.ContentType, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, RunReports.SampleVerificationCsv.Path, report.Csv(), RunReports.SampleVerificationCsv.ContentType, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, RunReports.SampleVerification.Path, report.Markdown(), RunReports.SampleVerification.ContentType, cancellationToken).ConfigureAwait(false);
        var result = new SampleResult(sample.File.Members.Count, report.Verified, report.Comparisons, report.Mismatches, report.MismatchedFields, sample.File.NeverFilled);
        LogVerified(log, input.RunId, result.Verified, result.Comparisons, result.Mismatches);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} sample verified: {Persons} persons read back, {Comparisons} values compared, {Mismatches} mismatches")]
    private static partial void LogVerified(ILogger logger, string runId, int persons, int comparisons, int mismatches);
}

/// <summary>What the sample steps share: the chosen members, the approved map, the provisioned schema.</summary>
internal sealed record SampleContext(string RunId, SampleFile File, FieldMap Map, ProvisionedSchema Schema)
{
    public static async Task<SampleContext> ReadAsync(StagingStore staging, MappingStore mappings, RunSchemaStore schemas, string runId, CancellationToken cancellationToken)
    {
        var kept = await staging.ReadArtifactAsync(runId, SelectSampleActivity.SelectionPath, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} has no sample selection; SelectSampleActivity writes it first.");
        return new SampleContext(
            runId,
            JsonSerializer.Deserialize<SampleFile>(kept.Content, ApiJson.Options)!,
            await PersonWriting.ApprovedMapAsync(mappings, runId, cancellationToken).ConfigureAwait(false),
            await schemas.GetAsync(runId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The sample's users, re-read from their staged batches, batch by batch.</summary>
    public async Task<IReadOnlyList<(int Batch, IReadOnlyList<Domain.Source.SourceUser> Users)>> UsersByBatchAsync(StagingStore staging, CancellationToken cancellationToken)
    {
        var result = new List<(int, IReadOnlyList<Domain.Source.SourceUser>)>();
        foreach (var group in File.Members.GroupBy(m => m.Batch).OrderBy(g => g.Key))
        {
            var ids = group.Select(m => m.ExtId).ToHashSet(StringComparer.Ordinal);
            var users = await PersonWriting.ReadPersonBatchAsync(staging, RunId, group.Key, cancellationToken).ConfigureAwait(false);
            result.Add((group.Key, users.Where(u => ids.Contains(u.ExtId)).ToList()));
        }
        return result;
    }
}
