using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Domain.Reconciliation;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Domain.Source;
using Migration.Netmera;
using Migration.Netmera.Exports;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Reads one export file from the import folder, streaming, and stages it in chunks: panel users as
/// raw chunks for <see cref="StageImportChunkActivity"/> to dedupe and stage, events and push results
/// as chunks for the later load phases, inventories whole. Rows that cannot be read are rejected with
/// their row number and reason. Running it again overwrites the same chunks.
/// </summary>
public sealed partial class SplitImportFileActivity(
    NetmeraClientFactory netmera, NetmeraExportReader reader, StagingStore staging, RejectStore rejects, CheckpointStore checkpoints,
    ILogger<SplitImportFileActivity> log)
    : MigrationActivity<SplitImportInput, SplitImportResult>(log)
{
    /// <summary>Users per raw chunk: one chunk is staged like one segment page.</summary>
    public const int UserChunk = 1_000;

    /// <summary>Events (or delivery rows) per staged chunk.</summary>
    public const int EventChunk = 10_000;

    public static string UserChunkName(int file, int chunk) => $"staged/import/{Key(file)}/{Key(chunk)}.ndjson.gz";

    protected override async Task<SplitImportResult> PerformAsync(SplitImportInput input, CancellationToken cancellationToken)
    {
        await using var stream = await staging.OpenImportAsync(input.Folder, input.File.Name, cancellationToken).ConfigureAwait(false);
        var name = input.File.Name;
        var rejected = new List<RejectedRecord>();
        var file = Key(input.FileIndex);
        SplitImportResult result;
        switch (Enum.Parse<ExportFileKind>(input.File.Kind))
        {
            case ExportFileKind.PanelUsers:
                var definitions = await netmera.Create(input.NetmeraConnection).GetProfileAttributeDefinitionsAsync(cancellationToken).ConfigureAwait(false);
                result = await Chunked(reader.ReadUsersAsync(stream, name, definitions, cancellationToken), UserChunk, c => UserChunkName(input.FileIndex, c)).ConfigureAwait(false);
                break;
            case ExportFileKind.EventData:
                result = await Chunked(reader.ReadEventsAsync(stream, name, cancellationToken), EventChunk, c => $"staged/events/{file}-{Key(c)}.ndjson.gz").ConfigureAwait(false);
                break;
            case ExportFileKind.PushReportByUser:
                result = await Chunked(reader.ReadPushResultsAsync(stream, name, cancellationToken), EventChunk, c => $"staged/push-results/{file}-{Key(c)}.ndjson.gz").ConfigureAwait(false);
                break;
            case ExportFileKind.PushReport or ExportFileKind.Campaigns:
                result = await Whole(reader.ReadCampaignsAsync(stream, name, cancellationToken), "campaigns").ConfigureAwait(false);
                break;
            case ExportFileKind.Journeys:
                result = await Whole(reader.ReadJourneysAsync(stream, name, cancellationToken), "journeys").ConfigureAwait(false);
                break;
            case ExportFileKind.Tags:
                result = await Whole(reader.ReadTagsAsync(stream, name, cancellationToken), "tags").ConfigureAwait(false);
                break;
            case ExportFileKind.TagAssignments:
                result = await Whole(reader.ReadTagAssignmentsAsync(stream, name, cancellationToken), "tag-assignments").ConfigureAwait(false);
                break;
            case ExportFileKind.Widgets:
                result = await Whole(reader.ReadWidgetsAsync(stream, name, cancellationToken), "widgets").ConfigureAwait(false);
                break;
            case ExportFileKind.Surveys:
                result = await Whole(reader.ReadSurveysAsync(stream, name, cancellationToken), "surveys").ConfigureAwait(false);
                break;
            case ExportFileKind.SurveyAnswers:
                result = await Whole(reader.ReadSurveyAnswersAsync(stream, name, cancellationToken), "survey-answers").ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"{name} is not a file the import reads ({input.File.Kind}).");
        }

        // Users are counted when their chunks are staged; here only the rows that never became users.
        var isUsers = input.File.Kind == ImportFile.PanelUsers;
        if (rejected.Count > 0)
            await rejects.AddAsync(input.RunId, rejected, cancellationToken).ConfigureAwait(false);
        var counts = isUsers
            ? new PhaseCounts(result.Rejected, 0, 0, 0, result.Rejected)
            : new PhaseCounts(result.Rows, result.Accepted, 0, 0, result.Rejected);
        await checkpoints.WriteAsync(input.RunId, new BatchCheckpoint(isUsers ? Phase.Extract : Phase.ExtractFiles, $"file-{file}", counts), cancellationToken).ConfigureAwait(false);
        LogFile(log, input.RunId, input.FileIndex, input.File.Kind, result.Rows, result.Accepted, result.Rejected, result.Chunks);
        return result;

        async Task<SplitImportResult> Chunked<T>(IAsyncEnumerable<ExportRow<T>> rows, int size, Func<int, string> chunkName)
            where T : class
        {
            long total = 0, accepted = 0;
            var chunks = 0;
            // Each row is compressed into its chunk as it is read, so a chunk's records do not live until its upload.
            StagedLinesWriter? chunk = null;
            try
            {
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    total++;
                    if (row.IsRejected)
                    {
                        rejected.Add(Reject(row.Reject!));
                        continue;
                    }
                    accepted++;
                    chunk ??= staging.OpenLinesWriter(input.RunId, chunkName(chunks++));
                    chunk.Append(row.Record!);
                    if (chunk.Count == size)
                    {
                        await chunk.UploadAsync(cancellationToken).ConfigureAwait(false);
                        await chunk.DisposeAsync().ConfigureAwait(false);
                        chunk = null;
                    }
                }
                if (chunk is not null)
                    await chunk.UploadAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (chunk is not null)
                    await chunk.DisposeAsync().ConfigureAwait(false);
            }
            return new SplitImportResult(chunks, total, accepted, total - accepted);
        }

        async Task<SplitImportResult> Whole<T>(IAsyncEnumerable<ExportRow<T>> rows, string inventory)
            where T : class
        {
            long total = 0;
            var records = new List<T>();
            await foreach (var row in rows.ConfigureAwait(false))
            {
                total++;
                if (row.IsRejected)
                    rejected.Add(Reject(row.Reject!));
                else
                    records.Add(row.Record!);
            }
            await staging.WriteLinesAsync(input.RunId, $"staged/inventory/{inventory}-{file}.ndjson.gz", records, cancellationToken).ConfigureAwait(false);
            return new SplitImportResult(1, total, records.Count, total - records.Count);
        }

        RejectedRecord Reject(ExportReject reject) => new(
            input.File.Kind == ImportFile.PanelUsers ? Phase.Extract : Phase.ExtractFiles,
            $"{name}#{reject.Row.ToString(CultureInfo.InvariantCulture)}", reject.Code, reject.Reason);
    }

    private static string Key(int number) => number.ToString("D6", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} import file {File} ({Kind}): {Rows} rows, {Accepted} read, {Rejected} rejected, {Chunks} chunks")]
    private static partial void LogFile(ILogger logger, string runId, int file, string kind, long rows, long accepted, long rejected, int chunks);
}

/// <summary>
/// Stages one chunk of an imported panel user export like a segment page: EU decision, dedupe, batches.
/// A user listed again within the chunk is kept once and listed in skipped-extract.csv (<c>merged_duplicate</c>),
/// as a repeat in a later chunk is by the dedupe index.
/// </summary>
public sealed class StageImportChunkActivity(StagingStore staging, UserPageStager stager, RejectStore rejects, ILogger<StageImportChunkActivity> log)
    : MigrationActivity<StageImportChunkInput, ExtractPageResult>(log)
{
    protected override async Task<ExtractPageResult> PerformAsync(StageImportChunkInput input, CancellationToken cancellationToken)
    {
        var users = await staging.ReadLinesAsync<SourceUser>(input.RunId, SplitImportFileActivity.UserChunkName(input.FileIndex, input.Chunk), cancellationToken, missingIsEmpty: false).ConfigureAwait(false);
        var unique = users.DistinctBy(u => u.ExtId, StringComparer.Ordinal).ToList();
        var repeats = users.GroupBy(u => u.ExtId, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => new RejectedRecord(Phase.ExtractSkipped, g.Key, "merged_duplicate", "listed again (same external id) in the export; kept once"))
            .ToList();
        if (repeats.Count > 0)
            await rejects.AddAsync(input.RunId, repeats, cancellationToken).ConfigureAwait(false);
        var unit = $"file-{input.FileIndex.ToString("D6", CultureInfo.InvariantCulture)}-{input.Chunk.ToString("D6", CultureInfo.InvariantCulture)}";
        var staged = await stager.StageAsync(input.RunId, unit, users.Count, unique, users.Count - unique.Count, [],
            input.FirstBatchNumber, input.BatchSize, input.ExcludeEu, input.ExpectedUsers, cancellationToken).ConfigureAwait(false);
        return new ExtractPageResult(staged.BatchesWritten, staged.Counts, null);
    }
}
