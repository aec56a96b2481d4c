using System.Runtime.CompilerServices;
using Migration.Domain.Source;

namespace Migration.Netmera.Exports;

// Inventory files: what Netmera's REST API cannot read (journeys, tags, widgets, surveys), exported or
// written from the panel by the operator. Objects with children (a journey's steps, a widget's assets,
// a survey's questions) may take one row each, or one row with a list cell; consecutive rows with the
// same id are one object.
public sealed partial class NetmeraExportReader
{
    internal static readonly ColumnSpec JourneyId = new("Journey ID", true, "journeyId", "Workflow ID", "ID");
    private static readonly ColumnSpec JourneyName = new("Journey Name", false, "Workflow Name", "Name");
    private static readonly ColumnSpec JourneyStatus = new("Status", false, "Journey Status");
    internal static readonly ColumnSpec EntryCondition = new("Entry Condition", false, "Entry", "Trigger", "Entry Event", "Entry Rule");
    internal static readonly ColumnSpec Steps = new("Steps", false, "Step", "Step Name", "Actions");
    private static readonly ColumnSpec ConversionEvents = new("Conversion Events", false, "Conversion Event", "Conversion", "Goal", "Goals");

    internal static readonly ColumnSpec TagName = new("Tag", true, "Tag Name", "Name");
    internal static readonly ColumnSpec TagUserCount = new("User Count", false, "Users", "Count", "Tagged Users");
    internal static readonly ColumnSpec TagList = new("Tags", true, "Tag", "Tag Name", "Tag Names");

    internal static readonly ColumnSpec WidgetId = new("Widget ID", true, "widgetId", "ID");
    private static readonly ColumnSpec WidgetName = new("Widget Name", false, "Name");
    private static readonly ColumnSpec WidgetType = new("Widget Type", false, "Type");
    internal static readonly ColumnSpec AssetName = new("Asset Name", false, "Asset", "File", "File Name", "Asset File");
    private static readonly ColumnSpec AssetKindColumn = new("Asset Kind", false, "Asset Type", "Kind", "Media Type");
    internal static readonly ColumnSpec AssetSize = new("Asset Size", false, "Size (bytes)", "Size Bytes", "Size", "File Size", "Bytes");

    internal static readonly ColumnSpec SurveyId = new("Survey ID", true, "surveyId", "Survey", "ID");
    private static readonly ColumnSpec SurveyName = new("Survey Name", false, "Name");
    private static readonly ColumnSpec SurveyFormat = new("Survey Format", false, "Format", "Survey Type");
    private static readonly ColumnSpec SurveyTrigger = new("Trigger", false, "Survey Trigger");
    internal static readonly ColumnSpec QuestionId = new("Question ID", false, "questionId", "Question No", "Question Number");
    internal static readonly ColumnSpec QuestionText = new("Question", false, "Question Text");
    private static readonly ColumnSpec QuestionType = new("Question Type", false, "Answer Type");
    private static readonly ColumnSpec QuestionOptions = new("Options", false, "Choices", "Answer Options");

    internal static readonly ColumnSpec AnswerQuestionId = new("Question ID", true, "questionId", "Question No", "Question Number", "Question");
    internal static readonly ColumnSpec AnswerText = new("Answer", true, "Response", "Answer Text", "Value");

    /// <summary>
    /// Journeys: Journey ID required; name (defaults to the id), status, entry condition, steps and
    /// conversion events (list cells, or one row per step). Steps keep their order; conversion events are
    /// listed once each.
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourceJourney>> ReadJourneysAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (format, content) = await TabularSource.DetectFormatAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        if (format == ExportFormat.Json)
        {
            await foreach (var (index, element) in JsonInventory.ElementsAsync(content, cancellationToken).ConfigureAwait(false))
                yield return JsonInventory.Journey(index, element);
            yield break;
        }

        await using var source = await TabularSource.OpenAsync(content, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.Journeys), What(ExportFileKind.Journeys));

        (long Row, string Id, string? Name, string? Status, string? Entry, List<string> Steps, List<string> Conversions)? draft = null;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceJourney>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var id = columns.Text(row, JourneyId)?.Trim();
            if (id is null)
            {
                yield return ExportRow<SourceJourney>.Rejected(row.Number, ExportRejectCodes.MissingValue, "no Journey ID");
                continue;
            }
            if (draft is { } open && open.Id != id)
            {
                yield return ExportRow<SourceJourney>.Accepted(open.Row, Journey(open));
                draft = null;
            }
            var d = draft ?? (row.Number, id, null, null, null, [], []);
            d.Name ??= columns.Text(row, JourneyName);
            d.Status ??= columns.Text(row, JourneyStatus);
            d.Entry ??= columns.Text(row, EntryCondition);
            d.Steps.AddRange(Cells.List(columns.Cell(row, Steps)));
            foreach (var conversion in Cells.List(columns.Cell(row, ConversionEvents)))
            {
                if (!d.Conversions.Contains(conversion, StringComparer.Ordinal))
                    d.Conversions.Add(conversion);
            }
            draft = d;
        }
        if (draft is { } last)
            yield return ExportRow<SourceJourney>.Accepted(last.Row, Journey(last));

        static SourceJourney Journey((long Row, string Id, string? Name, string? Status, string? Entry, List<string> Steps, List<string> Conversions) d) =>
            new(d.Id, d.Name ?? d.Id, d.Status, d.Entry, d.Steps, d.Conversions);
    }

    /// <summary>The app's tags: Tag required, User Count optional (a whole number).</summary>
    public async IAsyncEnumerable<ExportRow<SourceTag>> ReadTagsAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var source = await TabularSource.OpenAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.Tags), What(ExportFileKind.Tags));
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceTag>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var name = columns.Text(row, TagName)?.Trim();
            if (name is null)
            {
                yield return ExportRow<SourceTag>.Rejected(row.Number, ExportRejectCodes.MissingValue, "no tag name");
                continue;
            }
            long? count = null;
            if (columns.Cell(row, TagUserCount) is { } cell)
            {
                if (!Cells.TryWholeNumber(cell, out var n) || n < 0)
                {
                    yield return ExportRow<SourceTag>.Rejected(row.Number, ExportRejectCodes.InvalidNumber, "User Count is not a whole number of zero or more");
                    continue;
                }
                count = n;
            }
            yield return ExportRow<SourceTag>.Accepted(row.Number, new SourceTag(name, count));
        }
    }

    /// <summary>
    /// Which user carries which tags: External ID and Tags required; one tag per row or a list cell. A
    /// user may appear on many rows; the consumer merges them by external id.
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourceUserTags>> ReadTagAssignmentsAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var source = await TabularSource.OpenAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.TagAssignments), What(ExportFileKind.TagAssignments));
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceUserTags>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var extId = columns.Text(row, Columns.ExtId);
            if (extId is null)
            {
                yield return ExportRow<SourceUserTags>.Rejected(row.Number, ExportRejectCodes.NoExternalId, "no External ID: the tags cannot be attached to a user");
                continue;
            }
            var tags = Cells.List(columns.Cell(row, TagList));
            if (tags.Count == 0)
            {
                yield return ExportRow<SourceUserTags>.Rejected(row.Number, ExportRejectCodes.MissingValue, "no tag");
                continue;
            }
            yield return ExportRow<SourceUserTags>.Accepted(row.Number, new SourceUserTags(extId, tags.Distinct(StringComparer.Ordinal).ToList()));
        }
    }

    /// <summary>
    /// Widgets and their assets: Widget ID required; one row per asset (Asset Name, Asset Kind, Asset
    /// Size), widget columns repeated or left empty on the following rows. Sizes are bytes, or a number
    /// with B/KB/MB/GB (1,024-based). A kind not given is taken from the file extension (image, video,
    /// else file). A row whose asset has no name or no readable size is rejected; the widget keeps its
    /// other assets. A widget row without asset columns is a widget without assets.
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourceWidget>> ReadWidgetsAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (format, content) = await TabularSource.DetectFormatAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        if (format == ExportFormat.Json)
        {
            await foreach (var (index, element) in JsonInventory.ElementsAsync(content, cancellationToken).ConfigureAwait(false))
                yield return JsonInventory.Widget(index, element);
            yield break;
        }

        await using var source = await TabularSource.OpenAsync(content, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.Widgets), What(ExportFileKind.Widgets));

        (long Row, string Id, string? Name, string? Type, List<WidgetAsset> Assets)? draft = null;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceWidget>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var id = columns.Text(row, WidgetId)?.Trim();
            if (id is null)
            {
                yield return ExportRow<SourceWidget>.Rejected(row.Number, ExportRejectCodes.MissingValue, "no Widget ID");
                continue;
            }
            WidgetAsset? asset = null;
            var assetName = columns.Text(row, AssetName)?.Trim();
            var sizeCell = columns.Cell(row, AssetSize);
            var kind = columns.Text(row, AssetKindColumn);
            if (assetName is not null || sizeCell is not null || kind is not null)
            {
                if (assetName is null)
                {
                    yield return ExportRow<SourceWidget>.Rejected(row.Number, ExportRejectCodes.MissingValue, "an asset without an Asset Name");
                    continue;
                }
                if (!Cells.TryBytes(sizeCell, out var bytes))
                {
                    yield return ExportRow<SourceWidget>.Rejected(row.Number, ExportRejectCodes.InvalidNumber,
                        sizeCell is null ? "an asset without an Asset Size" : "Asset Size is not a number of bytes (or a number with B, KB, MB, GB)");
                    continue;
                }
                asset = new WidgetAsset(assetName, AssetKind(kind, assetName), bytes);
            }

            if (draft is { } open && open.Id != id)
            {
                yield return ExportRow<SourceWidget>.Accepted(open.Row, new SourceWidget(open.Id, open.Name ?? open.Id, open.Type, open.Assets));
                draft = null;
            }
            var d = draft ?? (row.Number, id, null, null, []);
            d.Name ??= columns.Text(row, WidgetName);
            d.Type ??= columns.Text(row, WidgetType);
            if (asset is not null)
                d.Assets.Add(asset);
            draft = d;
        }
        if (draft is { } last)
            yield return ExportRow<SourceWidget>.Accepted(last.Row, new SourceWidget(last.Id, last.Name ?? last.Id, last.Type, last.Assets));
    }

    /// <summary>
    /// "image" or "video" (IMAGE, GIF, PNG… and VIDEO, MP4… as panels name them); a kind not given is taken
    /// from the file extension; anything else is kept lower-cased.
    /// </summary>
    internal static string AssetKind(string? kind, string fileName)
    {
        var given = kind?.Trim().ToLowerInvariant();
        return given switch
        {
            null or "" => Path.GetExtension(fileName).ToLowerInvariant() switch
            {
                ".png" or ".jpg" or ".jpeg" or ".gif" or ".webp" or ".svg" or ".bmp" or ".heic" => "image",
                ".mp4" or ".mov" or ".webm" or ".m4v" or ".avi" or ".mkv" => "video",
                _ => "file",
            },
            "image" or "gif" or "png" or "jpg" or "jpeg" or "webp" or "svg" or "picture" or "photo" => "image",
            "video" or "mp4" or "mov" or "webm" or "movie" => "video",
            _ => given,
        };
    }

    /// <summary>
    /// Surveys and their questions: Survey ID required; one row per question (Question ID, Question,
    /// Question Type, Options as a list cell), survey columns repeated or left empty on following rows.
    /// A question without an id is numbered by its position in the survey (1, 2, …); a question id
    /// without text is rejected. A survey row without question columns is a survey without questions.
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourceSurvey>> ReadSurveysAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (format, content) = await TabularSource.DetectFormatAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        if (format == ExportFormat.Json)
        {
            await foreach (var (index, element) in JsonInventory.ElementsAsync(content, cancellationToken).ConfigureAwait(false))
                yield return JsonInventory.Survey(index, element);
            yield break;
        }

        await using var source = await TabularSource.OpenAsync(content, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.Surveys), What(ExportFileKind.Surveys));

        (long Row, string Id, string? Name, string? Format, string? Trigger, List<SurveyQuestion> Questions)? draft = null;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceSurvey>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var id = columns.Text(row, SurveyId)?.Trim();
            if (id is null)
            {
                yield return ExportRow<SourceSurvey>.Rejected(row.Number, ExportRejectCodes.MissingValue, "no Survey ID");
                continue;
            }
            var questionId = columns.Text(row, QuestionId)?.Trim();
            var text = columns.Text(row, QuestionText);
            if (questionId is not null && text is null)
            {
                yield return ExportRow<SourceSurvey>.Rejected(row.Number, ExportRejectCodes.MissingValue, "a Question ID without question text");
                continue;
            }

            if (draft is { } open && open.Id != id)
            {
                yield return ExportRow<SourceSurvey>.Accepted(open.Row, new SourceSurvey(open.Id, open.Name ?? open.Id, open.Format, open.Trigger, open.Questions));
                draft = null;
            }
            var d = draft ?? (row.Number, id, null, null, null, []);
            d.Name ??= columns.Text(row, SurveyName);
            d.Format ??= columns.Text(row, SurveyFormat);
            d.Trigger ??= columns.Text(row, SurveyTrigger);
            if (text is not null)
            {
                d.Questions.Add(new SurveyQuestion(
                    questionId ?? (d.Questions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    text, columns.Text(row, QuestionType), Cells.List(columns.Cell(row, QuestionOptions))));
            }
            draft = d;
        }
        if (draft is { } last)
            yield return ExportRow<SourceSurvey>.Accepted(last.Row, new SourceSurvey(last.Id, last.Name ?? last.Id, last.Format, last.Trigger, last.Questions));
    }

    /// <summary>Users' answers: External ID, Survey ID, Question ID and Answer required, one answer per row.</summary>
    public async IAsyncEnumerable<ExportRow<SourceSurveyResponse>> ReadSurveyAnswersAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var source = await TabularSource.OpenAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.SurveyAnswers), What(ExportFileKind.SurveyAnswers));
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceSurveyResponse>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var extId = columns.Text(row, Columns.ExtId);
            if (extId is null)
            {
                yield return ExportRow<SourceSurveyResponse>.Rejected(row.Number, ExportRejectCodes.NoExternalId, "no External ID: the answer cannot be attached to a user");
                continue;
            }
            var survey = columns.Text(row, SurveyId)?.Trim();
            var question = columns.Text(row, AnswerQuestionId)?.Trim();
            var answer = columns.Text(row, AnswerText);
            if (survey is null || question is null || answer is null)
            {
                var missing = survey is null ? "Survey ID" : question is null ? "Question ID" : "Answer";
                yield return ExportRow<SourceSurveyResponse>.Rejected(row.Number, ExportRejectCodes.MissingValue, $"no {missing}");
                continue;
            }
            yield return ExportRow<SourceSurveyResponse>.Accepted(row.Number, new SourceSurveyResponse(extId, new SurveyAnswer(survey, question, answer)));
        }
    }
}
