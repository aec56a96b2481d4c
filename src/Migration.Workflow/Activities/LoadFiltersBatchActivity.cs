using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Budget;
using Migration.Domain.Ledger;
using Migration.Domain.Mapping;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Segments;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;
using Migration.Workflow.Segments;

namespace Migration.Workflow.Activities;

/// <summary>
/// Writes one batch of moved segments (up to <see cref="StagedSegments.FiltersPerBatch"/>, in
/// <c>staged/segments.json</c> order) as Pipedrive person filters named "Netmera segment: {name}", each with
/// the one condition "Netmera segments is {the segment's option}", through the id ledger (object type
/// <c>filter</c>, source id = segment id). Within the allowance the orchestrator gave it; when the budget
/// stops it part way it reports the batch unfinished. Segments are skipped when the approved map does not
/// move membership, rejected when the field has no option for them. Safe to run any number of times.
/// </summary>
public sealed partial class LoadFiltersBatchActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, IIdLedger ledger, StagingStore staging, RejectStore rejects,
    CheckpointStore checkpoints, MappingStore mappings, RunSchemaStore schemas, ILogger<FilterWriter> writerLog, BatchLeaseStore leases, ILogger<LoadFiltersBatchActivity> log)
    : LoadBatchActivity(leases, log)
{
    public const string LedgerObjectType = "filter";

    /// <summary>Pipedrive's filter type for persons.</summary>
    public const string FilterType = "people";

    /// <summary>v1 costs (pipedrive-api.md §7.8): GET /personFields 20, GET /filters 20, POST /filters 10.</summary>
    private const int FieldsRead = 20, FiltersList = 20, FilterCreate = 10;

    /// <summary>
    /// One batch: the person fields read once (for the field's numeric id) and a POST per segment; in the
    /// worst case every segment is in doubt as well (a filter list, then the POST again).
    /// </summary>
    public static BatchCost Cost(int segments) =>
        new(FieldsRead + (long)segments * FilterCreate, FieldsRead + FiltersList + (long)segments * (FiltersList + 2 * FilterCreate));

    public static LedgerBatch LedgerBatchOf(string runId, int batch) =>
        new(runId, LedgerObjectType, batch.ToString("D6", CultureInfo.InvariantCulture));

    protected override async Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        var batchKey = input.BatchNumber.ToString("D6", CultureInfo.InvariantCulture);
        var segments = await StagedSegmentsFile.RequireAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false);
        var batch = segments.FilterBatch(input.BatchNumber);
        var moved = segments.Moved;
        var ledgerBatch = LedgerBatchOf(input.RunId, input.BatchNumber);

        var client = pipedrive.Create(input.PipedriveConnection, input.Allowance);
        var (result, unfinished) = await BatchLoadSteps.WriteAsync(spending, client, input.RunId, async () =>
        {
            var drafts = await DraftsAsync(input.RunId, ledgerBatch, batch, moved, client, cancellationToken).ConfigureAwait(false);
            return await new FilterWriter(client, ledger, writerLog).WriteAsync(ledgerBatch, drafts, FilterType, cancellationToken).ConfigureAwait(false);
        }, e => LogStopped(log, input.RunId, batchKey, e.Reason.ToString(), client.Usage.Tokens), cancellationToken).ConfigureAwait(false);
        if (result is null)
            return unfinished!;

        var c = result.Counts;
        LogBatch(log, input.RunId, batchKey, c.Expected, c.Created, c.Skipped, c.Rejected, client.Usage.Tokens);
        return await BatchLoadSteps.FinishAsync(spending, rejects, checkpoints, client, new BatchCheckpoint(Phase.LoadFilters, batchKey, c), result.Rejected,
            input.RunId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A draft per segment of the batch. The field's numeric id (what filter conditions name) is read only
    /// when some segment of the batch still needs writing.
    /// </summary>
    private async Task<IReadOnlyList<FilterDraft>> DraftsAsync(
        string runId, LedgerBatch ledgerBatch, IReadOnlyList<StagedSegment> batch, IReadOnlyList<StagedSegment> moved, PipedriveClient client,
        CancellationToken cancellationToken)
    {
        var rows = await ledger.ReadBatchAsync(ledgerBatch, cancellationToken).ConfigureAwait(false);
        var names = batch.ToDictionary(s => s.Id, s => SegmentFilterNames.Of(s, moved));
        if (batch.All(s => rows.TryGetValue(Id(s), out var row) && row.IsFinal))
            return batch.Select(s => new FilterDraft(Id(s), names[s.Id], null)).ToList();

        var map = await PersonWriting.ApprovedMapAsync(mappings, runId, cancellationToken).ConfigureAwait(false);
        var line = map.Lines.FirstOrDefault(l => l.Source.Kind == SourceKinds.Segments
            && l.Target is { Entity: TargetEntities.Person, Kind: TargetKinds.Custom, FieldType: PipedriveFieldTypes.Set });
        if (line is null)
        {
            return batch.Select(s => FilterDraft.NotWritten(Id(s), names[s.Id], LedgerState.Skipped, "segments_not_mapped",
                "the approved field map does not send segment membership to a person multiple-option field, so a filter has nothing to test")).ToList();
        }

        var schema = await schemas.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        var field = schema.Field(FieldEntity.Person, line.Target.Name);
        var fieldId = field is null
            ? null
            : (await client.GetPersonFieldsV1Async(cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Key == field.Key)?.Id;
        return batch.Select(s =>
        {
            if (field is null || fieldId is null)
                return FilterDraft.NotWritten(Id(s), names[s.Id], LedgerState.Rejected, "segments_field_missing",
                    $"the person field \"{line.Target.Name}\" is not in the Pipedrive account (deleted after provisioning?)");
            return field.OptionId(s.Option) is { } optionId
                ? new FilterDraft(Id(s), names[s.Id], FilterDraft.PersonFieldHolds(fieldId.Value, optionId))
                : FilterDraft.NotWritten(Id(s), names[s.Id], LedgerState.Rejected, "segment_option_missing",
                    $"\"{line.Target.Name}\" has no option for this segment (removed from the map's options?), so no person carries it");
        }).ToList();
    }

    private static string Id(StagedSegment segment) => segment.Id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} filters batch {Batch}: expected {Expected}, created {Created}, skipped {Skipped}, rejected {Rejected}; {Tokens} tokens")]
    private static partial void LogBatch(ILogger logger, string runId, string batch, long expected, long created, long skipped, long rejected, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} filters batch {Batch} paused by the Pipedrive budget ({Reason}) after {Tokens} tokens; it runs again later")]
    private static partial void LogStopped(ILogger logger, string runId, string batch, string reason, long tokens);
}
