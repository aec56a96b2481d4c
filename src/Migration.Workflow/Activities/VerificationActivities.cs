using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Staging;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;
using Migration.Workflow.Reports;

namespace Migration.Workflow.Activities;

/// <summary>
/// Reads one loaded batch's persons back from Pipedrive (100 per request) and compares each, field by
/// field, with what the approved map makes of its staged user; keeps the batch's part of the report.
/// A person the ledger says was written but Pipedrive no longer has is reported, not compared.
/// </summary>
public sealed partial class VerifyPersonsBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, MappingStore mappings, RunSchemaStore schemas,
    ILogger<VerifyPersonsBatchActivity> log)
    : MigrationActivity<VerifyBatchInput, VerifyBatchResult>(log)
{
    public static string PartName(int batch) => $"verification/persons/{batch.ToString("D6", CultureInfo.InvariantCulture)}.json";

    protected override async Task<VerifyBatchResult> PerformAsync(VerifyBatchInput input, CancellationToken cancellationToken)
    {
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var schema = await schemas.GetAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var users = await PersonWriting.ReadPersonBatchAsync(staging, input.RunId, input.Batch, cancellationToken).ConfigureAwait(false);
        var rows = await ledger.ReadBatchAsync(PersonWriting.LedgerBatchOf(input.RunId, input.Batch), cancellationToken).ConfigureAwait(false);
        var report = new VerificationReport("Verification", map.Version, [], keepMatches: false);
        var client = pipedrive.Create(input.PipedriveConnection);
        try
        {
            var owners = await PersonWriting.OwnersAsync(map, client, input.DefaultOwnerId, cancellationToken).ConfigureAwait(false);
            var written = users
                .Select(u => (User: u, Row: rows.GetValueOrDefault(u.ExtId)))
                .Where(w => w.Row is { State: LedgerState.Created or LedgerState.Updated, TargetId: not null })
                .ToList();
            var organizations = await PersonWriting.OrganizationsAsync(staging, ledger, input.RunId, written.Select(w => PersonMapping.Map(w.User, map)), cancellationToken).ConfigureAwait(false);
            var persons = (await client.GetPersonsByIdsAsync([.. written.Select(w => w.Row!.TargetId!.Value)], cancellationToken).ConfigureAwait(false))
                .ToDictionary(p => p.Id);
            foreach (var (user, row) in written)
            {
                var draft = PersonMapping.Map(user, map).Person;
                if (!persons.TryGetValue(row!.TargetId!.Value, out var person) || person.IsDeleted == true)
                    report.AddUnverified(user.ExtId, "missing_in_pipedrive", $"person {row.TargetId} is not in Pipedrive (deleted or never committed)");
                else if (draft is not null)
                    report.Add(user.ExtId, person.Id, PersonReadBack.Compare(draft, person, schema, owners, organizations));
            }
        }
        catch (PipedriveBudgetExhaustedException e)
        {
            await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
            return new VerifyBatchResult(false, VerificationResult.None, e.Reason == BudgetExhaustion.ServerRefused ? e.Until : null);
        }
        await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);

        await staging.WriteArtifactAsync(input.RunId, PartName(input.Batch), JsonSerializer.Serialize(report.Part(), ApiJson.Options), ApiResult.Json, cancellationToken)
            .ConfigureAwait(false);
        var result = new VerificationResult(report.Verified, report.Comparisons, report.Mismatches, report.Unverified.Count, 1);
        LogBatch(log, input.RunId, input.Batch, result.Persons, result.Comparisons, result.Mismatches, result.Unverified);
        return new VerifyBatchResult(true, result, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} verification batch {Batch}: {Persons} persons, {Comparisons} values compared, {Mismatches} mismatches, {Unverified} not found")]
    private static partial void LogBatch(ILogger logger, string runId, int batch, long persons, long comparisons, long mismatches, long unverified);
}

/// <summary>Merges the verified batches' parts into reports/verification-persons.md, .csv (mismatches) and .json.</summary>
public sealed class WriteVerificationReportActivity(StagingStore staging, MappingStore mappings, ILogger<WriteVerificationReportActivity> log)
    : MigrationActivity<VerificationReportInput, VerificationResult>(log)
{
    protected override async Task<VerificationResult> PerformAsync(VerificationReportInput input, CancellationToken cancellationToken)
    {
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var title = input.Stride == 1 ? "Verification of every loaded person" : $"Verification of every {input.Stride}th batch of loaded persons";
        var report = new VerificationReport(title, map.Version, [], keepMatches: false);
        foreach (var name in (await staging.ListArtifactsAsync(input.RunId, "verification/persons/", cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal))
        {
            var part = await staging.ReadArtifactAsync(input.RunId, name, cancellationToken).ConfigureAwait(false);
            report.Merge(JsonSerializer.Deserialize<VerificationPart>(part!.Content, ApiJson.Options)!);
        }
        await staging.WriteArtifactAsync(input.RunId, RunReports.VerificationJson.Path, report.Json(), RunReports.VerificationJson.ContentType, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, RunReports.VerificationCsv.Path, report.Csv(), RunReports.VerificationCsv.ContentType, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(input.RunId, RunReports.Verification.Path, report.Markdown(), RunReports.Verification.ContentType, cancellationToken).ConfigureAwait(false);
        return new VerificationResult(report.Verified, report.Comparisons, report.Mismatches, report.Unverified.Count, input.Totals.Batches);
    }
}
