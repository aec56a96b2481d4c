using System.Globalization;
using System.Text.RegularExpressions;

namespace Migration.Netmera.Exports;

/// <summary>
/// Tells what a file in an export folder is, from its name and its header, without guessing:
/// <list type="number">
/// <item>Netmera's FTP push report names (<c>appkey_PUSH_REPORTS_date</c>, <c>appkey_msgID_PUSH_REPORTS_date</c>)
/// and the product's own inventory names (<c>campaigns</c>, <c>journeys</c>, <c>tags</c>, <c>tag-assignments</c>,
/// <c>widgets</c>, <c>surveys</c>, <c>survey-answers</c>, <c>events</c>/<c>EVENT_DATA</c>, <c>users</c>…) decide the
/// kind; the header must then carry that kind's required columns, or the file is unrecognised with the
/// missing columns named.</item>
/// <item>A file whose name says nothing is recognised by a header that only one kind explains (distinctive
/// columns such as "Widget ID" or "Event Name" + "Timestamp", and for inventories no column outside the
/// kind's vocabulary); a header with an External ID column that no other kind explains is a panel user export.</item>
/// <item>Anything else is <see cref="ExportFileKind.Unrecognised"/> with the reason.</item>
/// </list>
/// </summary>
public sealed partial class NetmeraExportCatalog
{
    /// <summary>Reads only as far as the header (an XLSX from a non-seekable stream is spooled to a temporary file first).</summary>
    public async Task<ExportFileIdentity> IdentifyAsync(string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            var (format, sniffed) = await TabularSource.DetectFormatAsync(content, fileName, cancellationToken).ConfigureAwait(false);
            if (format == ExportFormat.Json)
                return await IdentifyJsonAsync(fileName, sniffed, cancellationToken).ConfigureAwait(false);
            await using var source = await TabularSource.OpenAsync(sniffed, fileName, cancellationToken).ConfigureAwait(false);
            return Identify(fileName, source.Header, source.Format, source.Delimiter);
        }
        catch (NetmeraExportFormatException e)
        {
            return new ExportFileIdentity(fileName, ExportFileKind.Unrecognised, ExportFormat.Unknown, null, [], e.Message);
        }
    }

    /// <summary>
    /// JSON is read for inventories with nested parts only (campaigns, journeys, widgets, surveys), named
    /// after their kind; the first element must be an object with the kind's id.
    /// </summary>
    private static async Task<ExportFileIdentity> IdentifyJsonAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        ExportFileIdentity Result(ExportFileKind kind, string reason, IReadOnlyList<string>? columns = null) =>
            new(fileName, kind, ExportFormat.Json, null, columns ?? [], reason);

        var kind = KindFromName(fileName);
        string[]? idNames = kind switch
        {
            ExportFileKind.Campaigns => ["key", "notificationKey", "messageId", "msgId", "id"],
            ExportFileKind.Journeys => ["id", "journeyId", "workflowId"],
            ExportFileKind.Widgets => ["id", "widgetId"],
            ExportFileKind.Surveys => ["id", "surveyId"],
            _ => null,
        };
        if (idNames is null)
            return Result(ExportFileKind.Unrecognised, kind is null
                ? "A JSON file whose name names no inventory (campaigns, journeys, widgets, surveys)."
                : $"A JSON {NetmeraExportReader.What(kind.Value)} is not read: export it as CSV or XLSX (JSON is read for campaigns, journeys, widgets and surveys).");

        await foreach (var (_, element) in JsonInventory.ElementsAsync(content, cancellationToken).ConfigureAwait(false))
        {
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
                return Result(ExportFileKind.Unrecognised, $"The JSON {NetmeraExportReader.What(kind!.Value)} does not hold objects.");
            var properties = element.EnumerateObject().Select(p => p.Name).ToList();
            return JsonInventory.Field(element, idNames) is null
                ? Result(ExportFileKind.Unrecognised, $"The first object of the JSON {NetmeraExportReader.What(kind!.Value)} has no id ({string.Join(" or ", idNames)}).", properties)
                : Result(kind!.Value, $"file name says {NetmeraExportReader.What(kind.Value)}; its objects carry an id", properties);
        }
        return Result(kind!.Value, $"file name says {NetmeraExportReader.What(kind.Value)}; the JSON holds no objects");
    }

    /// <summary>The kind for a file name and its header cells (pure: no I/O).</summary>
    public static ExportFileIdentity Identify(string fileName, IReadOnlyList<string> header, ExportFormat format = ExportFormat.Csv, char? delimiter = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = header.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).ToList();
        ExportFileIdentity Result(ExportFileKind kind, string reason) => new(fileName, kind, format, delimiter, columns, reason);

        var pushReport = PushReportName.TryParse(fileName);
        if (pushReport is not null)
        {
            var kind = Has(header, Columns.ExtId) || Has(header, Columns.InstallationId) ? ExportFileKind.PushReportByUser
                : Has(header, NetmeraExportReader.Sent) || Has(header, NetmeraExportReader.Failed) || Has(header, NetmeraExportReader.Clicked) ? ExportFileKind.PushReport
                : pushReport.MessageId is not null ? ExportFileKind.PushReportByUser
                : ExportFileKind.Unrecognised;
            if (kind == ExportFileKind.Unrecognised)
                return Result(kind, "Named like a Netmera push report (appkey_PUSH_REPORTS_date), but the header has neither External ID / Installation ID columns nor Sent / Failed / Clicked columns.");
            return Validate(kind, header, pushReport) is { } problem
                ? Result(ExportFileKind.Unrecognised, problem)
                : Result(kind, kind == ExportFileKind.PushReportByUser
                    ? "Netmera push report name; the header has per-user columns (External ID breakdown)"
                    : "Netmera push report name; the header has campaign count columns");
        }

        if (KindFromName(fileName) is { } named)
        {
            return Validate(named, header, null) is { } problem
                ? Result(ExportFileKind.Unrecognised, $"The name says {NetmeraExportReader.What(named)}, but: {problem}")
                : Result(named, $"file name says {NetmeraExportReader.What(named)}; the header has its required columns");
        }

        var matches = Signatures.Where(s => s.Matches(header)).Select(s => s.Kind).Distinct().ToList();
        if (matches.Count > 1)
            return Result(ExportFileKind.Unrecognised,
                $"The header fits more than one kind of file ({string.Join(", ", matches.Select(NetmeraExportReader.What))}); name the file after its kind (docs/netmera-files.md).");
        if (matches.Count == 1)
        {
            return Validate(matches[0], header, null) is { } problem
                ? Result(ExportFileKind.Unrecognised, problem)
                : Result(matches[0], $"header columns are those of a {NetmeraExportReader.What(matches[0])}");
        }
        if (Has(header, Columns.ExtId))
        {
            return Validate(ExportFileKind.PanelUsers, header, null) is { } problem
                ? Result(ExportFileKind.Unrecognised, problem)
                : Result(ExportFileKind.PanelUsers, "header has an External ID column and no other kind's columns: a panel user export");
        }
        if (Has(header, Columns.Email) || Has(header, Columns.Msisdn))
            return Result(ExportFileKind.Unrecognised,
                "Looks like a panel user export, but it has no External ID column; export it again with External ID among the identifiers.");
        return Result(ExportFileKind.Unrecognised,
            $"Neither the name nor the header matches a Netmera export or inventory file (docs/netmera-files.md). Columns found: {string.Join(", ", columns)}.");
    }

    private static string? Validate(ExportFileKind kind, IReadOnlyList<string> header, PushReportName? pushReport)
    {
        try
        {
            var map = new ColumnMap(header, NetmeraExportReader.Specs(kind), NetmeraExportReader.What(kind));
            if (kind is ExportFileKind.PushReport or ExportFileKind.PushReportByUser or ExportFileKind.Campaigns
                && !map.Has(NetmeraExportReader.NotificationKey) && pushReport?.MessageId is null)
                return $"The {NetmeraExportReader.What(kind)} has no '{NetmeraExportReader.NotificationKey.Name}' column and its name carries no message id.";
            return null;
        }
        catch (NetmeraExportFormatException e)
        {
            return e.Message;
        }
    }

    private static bool Has(IReadOnlyList<string> header, ColumnSpec spec)
    {
        var keys = spec.Keys.ToHashSet(StringComparer.Ordinal);
        return header.Any(h => keys.Contains(Columns.Key(h)));
    }

    // Names --------------------------------------------------------------------------------------

    /// <summary>Word sequences in a file name (split at anything but letters and digits), most specific first.</summary>
    private static readonly (ExportFileKind Kind, string[] Words)[] NameWords =
    [
        (ExportFileKind.SurveyAnswers, ["survey", "answers"]),
        (ExportFileKind.SurveyAnswers, ["survey", "answer"]),
        (ExportFileKind.SurveyAnswers, ["survey", "responses"]),
        (ExportFileKind.SurveyAnswers, ["surveyanswers"]),
        (ExportFileKind.TagAssignments, ["tag", "assignments"]),
        (ExportFileKind.TagAssignments, ["tagassignments"]),
        (ExportFileKind.TagAssignments, ["user", "tags"]),
        (ExportFileKind.TagAssignments, ["usertags"]),
        (ExportFileKind.Surveys, ["surveys"]),
        (ExportFileKind.Surveys, ["survey"]),
        (ExportFileKind.Tags, ["tags"]),
        (ExportFileKind.Widgets, ["widgets"]),
        (ExportFileKind.Widgets, ["widget"]),
        (ExportFileKind.Journeys, ["journeys"]),
        (ExportFileKind.Journeys, ["journey"]),
        (ExportFileKind.Journeys, ["workflows"]),
        (ExportFileKind.Campaigns, ["campaigns"]),
        (ExportFileKind.EventData, ["event", "data"]),
        (ExportFileKind.EventData, ["eventdata"]),
        (ExportFileKind.EventData, ["events"]),
        (ExportFileKind.EventData, ["event"]),
        (ExportFileKind.PanelUsers, ["users"]),
        (ExportFileKind.PanelUsers, ["user", "export"]),
        (ExportFileKind.PanelUsers, ["panel", "export"]),
    ];

    internal static ExportFileKind? KindFromName(string fileName)
    {
        var words = WordPattern().Matches(Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant()).Select(m => m.Value).ToArray();
        foreach (var (kind, phrase) in NameWords)
        {
            for (var i = 0; i + phrase.Length <= words.Length; i++)
            {
                if (phrase.Select((w, j) => words[i + j] == w).All(x => x))
                    return kind;
            }
        }
        return null;
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex WordPattern();

    // Headers ------------------------------------------------------------------------------------

    /// <summary>
    /// What a header alone must show. Distinctive columns use strict names only (no bare "Name" or
    /// "ID"); "closed" kinds also need every column to belong to the kind's vocabulary, so a user export
    /// with a custom attribute that happens to be called "Tag" is not taken for a tag list.
    /// </summary>
    private sealed record Signature(ExportFileKind Kind, ColumnSpec[] Distinctive, bool Closed)
    {
        public bool Matches(IReadOnlyList<string> header)
        {
            if (!Distinctive.All(d => Has(header, d)))
                return false;
            if (!Closed)
                return true;
            var vocabulary = NetmeraExportReader.Specs(Kind).SelectMany(s => s.Keys).ToHashSet(StringComparer.Ordinal);
            return header.Where(h => !string.IsNullOrWhiteSpace(h)).All(h => vocabulary.Contains(Columns.Key(h)));
        }
    }

    private static readonly Signature[] Signatures =
    [
        new(ExportFileKind.EventData, [Columns.ExtId, new("Event Name", true, "Event", "Event Code", "eventName", "eventCode"), Columns.Timestamp], false),
        new(ExportFileKind.Campaigns, [new("Notification Key", true, "notificationKey", "Message ID", "msgId", "Campaign ID")], true),
        new(ExportFileKind.Journeys, [new("Journey ID", true, "journeyId", "Workflow ID")], true),
        new(ExportFileKind.Tags, [new("Tag", true, "Tag Name")], true),
        new(ExportFileKind.TagAssignments, [Columns.ExtId, new("Tags", true, "Tag", "Tag Name", "Tag Names")], true),
        new(ExportFileKind.Widgets, [new("Widget ID", true, "widgetId")], true),
        new(ExportFileKind.Surveys, [new("Survey ID", true, "surveyId"), new("Question", true, "Question Text")], true),
        new(ExportFileKind.Surveys, [new("Survey ID", true, "surveyId"), new("Survey Name", true)], true),
        new(ExportFileKind.SurveyAnswers, [Columns.ExtId, new("Survey ID", true, "surveyId"), new("Answer", true, "Response", "Answer Text")], true),
    ];
}

/// <summary>
/// Netmera's FTP push report name: <c>appkey_PUSH_REPORTS_date</c>, or <c>appkey_msgID_PUSH_REPORTS_date</c>
/// with the External ID breakdown (UG-FTP). The date part is read when it holds yyyyMMdd (separators
/// allowed); the message id is the last underscore-separated part before PUSH_REPORTS, so an app key that
/// itself holds an underscore is read as key + message id: give such reports a key column.
/// </summary>
public sealed partial record PushReportName(string AppKey, string? MessageId, DateOnly? Date)
{
    public static PushReportName? TryParse(string fileName)
    {
        var match = Pattern().Match(Path.GetFileName(fileName));
        if (!match.Success)
            return null;
        var prefix = match.Groups["prefix"].Value;
        var split = prefix.LastIndexOf('_');
        var appKey = split > 0 ? prefix[..split] : prefix;
        var messageId = split > 0 ? prefix[(split + 1)..] : null;

        DateOnly? date = null;
        var digits = new string(match.Groups["date"].Value.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 8 && DateOnly.TryParseExact(digits[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            date = parsed;
        return new PushReportName(appKey, string.IsNullOrEmpty(messageId) ? null : messageId, date);
    }

    [GeneratedRegex(@"^(?<prefix>.+?)_PUSH_REPORTS?(?:_(?<date>[^.]*))?(?:\.[A-Za-z]+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
