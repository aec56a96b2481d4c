using System.Runtime.CompilerServices;
using System.Text.Json;
using Migration.Domain.Source;

namespace Migration.Netmera.Exports;

/// <summary>
/// Streams Netmera export files (CSV or XLSX) into the Domain's source records, one row at a time:
/// memory stays bounded by a row (or by one campaign/journey/widget/survey for readers that merge
/// consecutive rows), whatever the file's size. A bad row becomes a reject with its row number and a
/// reason; a file that cannot be read at all (no header, a required column missing, an undetectable
/// delimiter) throws <see cref="NetmeraExportFormatException"/> before the first row. The caller's
/// stream is read once and left open. Formats: docs/netmera-files.md.
/// </summary>
public sealed partial class NetmeraExportReader
{
    // Panel user export -------------------------------------------------------------------------

    private static readonly ColumnSpec DeviceCount = new("Device Count", false, "Devices", "Number of Devices");
    private static readonly ColumnSpec DeviceType = new("Device Type", false, "Platform", "Device Platform");
    private static readonly ColumnSpec OperatingSystem = new("Operating System", false, "OS", "OS Version");
    private static readonly ColumnSpec DeviceModel = new("Device Model", false, "Model");
    private static readonly ColumnSpec FailReason = new("Fail Reason", false, "Failure Reason");

    /// <summary>Most devices one row may claim; a larger Device Count is treated as a broken cell.</summary>
    public const int MaxDevicesPerUser = 1000;

    /// <summary>
    /// Netmera's standard profile attributes by the code <c>getProfileAttributes</c> uses (netmera-api.md
    /// §6.2): a panel column whose name reads as one of these ("Date of Birth") is stored under the code.
    /// </summary>
    private static readonly string[] StandardProfileCodes =
    [
        "name", "surname", "externalSegments", "gender", "dateOfBirth", "maritalStatus", "childCount", "numberOfChildren",
        "country", "state", "city", "district", "occupation", "industry", "favoriteTeam", "language",
    ];

    /// <summary>
    /// Users from a panel "Export" (CSV or XLSX). Identifier columns become <see cref="SourceUser.ExtId"/>,
    /// <see cref="SourceUser.Email"/> and <see cref="SourceUser.Msisdn"/>; device columns become
    /// <see cref="SourceUser.Devices"/>; every other named column is a profile attribute, stored under
    /// the attribute's code when the column's name matches a definition's code or name (or a standard
    /// attribute), else under the column's own name. Rows without an External ID are rejected
    /// (<c>no_external_id</c>): without it a user cannot be joined to Netmera's other data or carry a
    /// Netmera ID. A file without an External ID column cannot be read at all.
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourceUser>> ReadUsersAsync(
        Stream stream, string fileName, IReadOnlyList<SourceAttributeDefinition>? definitions = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var source = await TabularSource.OpenAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.PanelUsers), What(ExportFileKind.PanelUsers));
        var profileColumns = ProfileColumns(columns, definitions);

        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceUser>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var extId = columns.Text(row, Columns.ExtId);
            if (extId is null)
            {
                yield return ExportRow<SourceUser>.Rejected(row.Number, ExportRejectCodes.NoExternalId,
                    "no External ID: the user cannot be joined to Netmera's other data or given a Netmera ID");
                continue;
            }

            var profile = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var (index, code, definition) in profileColumns)
            {
                if (row.Cells[index] is { } cell)
                    profile[code] = Cells.ProfileValue(cell, definition);
            }

            var devices = Devices(columns, row, out var deviceProblem);
            if (deviceProblem is not null)
            {
                yield return ExportRow<SourceUser>.Rejected(row.Number, ExportRejectCodes.InvalidNumber, deviceProblem);
                continue;
            }
            yield return ExportRow<SourceUser>.Accepted(row.Number, new SourceUser
            {
                ExtId = extId,
                Email = columns.Text(row, Columns.Email),
                Msisdn = columns.Text(row, Columns.Msisdn),
                Profile = profile,
                Devices = devices,
            });
        }
    }

    /// <summary>Profile attribute columns, the key each is stored under, and its definition when one is known.</summary>
    private static List<(int Index, string Code, SourceAttributeDefinition? Definition)> ProfileColumns(
        ColumnMap columns, IReadOnlyList<SourceAttributeDefinition>? definitions)
    {
        var known = new Dictionary<string, (string Code, SourceAttributeDefinition? Definition)>(StringComparer.Ordinal);
        foreach (var definition in definitions ?? [])
        {
            known.TryAdd(Columns.Key(definition.Code), (definition.Code, definition));
            known.TryAdd(Columns.Key(definition.Name), (definition.Code, definition));
        }
        foreach (var code in StandardProfileCodes)
            known.TryAdd(Columns.Key(code), (code, null));

        var result = new List<(int, string, SourceAttributeDefinition?)>();
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var index in columns.Unclaimed)
        {
            var header = columns.Header[index];
            var (code, definition) = known.TryGetValue(Columns.Key(header), out var match) ? match : (header, null);
            if (!used.TryAdd(code, index))
                throw new NetmeraExportFormatException(
                    $"The user export's columns '{columns.Header[used[code]]}' and '{header}' are the same profile attribute ({code}); export it once.");
            result.Add((index, code, definition));
        }
        return result;
    }

    /// <summary>
    /// Devices from the panel's device columns. A cell may list several devices (separated by line
    /// breaks, <c>|</c>, <c>;</c> or <c>,</c>); the n-th entries of Device Type, Operating System and Device Model
    /// describe the n-th device. When Device Count is larger than the lists, the remaining devices are
    /// added without details, so the count is kept.
    /// </summary>
    private static List<SourceDevice> Devices(ColumnMap columns, TabularRow row, out string? problem)
    {
        problem = null;
        var types = Cells.Positions(columns.Cell(row, DeviceType));
        var systems = Cells.Positions(columns.Cell(row, OperatingSystem));
        var models = Cells.Positions(columns.Cell(row, DeviceModel));
        var count = Math.Max(types.Count, Math.Max(systems.Count, models.Count));
        var countCell = columns.Cell(row, DeviceCount);
        if (countCell is not null)
        {
            if (!Cells.TryWholeNumber(countCell, out var declared) || declared < 0 || declared > MaxDevicesPerUser)
            {
                problem = $"Device Count is not a whole number from 0 to {MaxDevicesPerUser}";
                return [];
            }
            count = Math.Max(count, (int)declared);
        }

        var devices = new List<SourceDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var system = i < systems.Count ? systems[i] : null;
            devices.Add(new SourceDevice
            {
                Platform = PlatformName(i < types.Count ? types[i] : null) ?? PlatformName(system, fromOperatingSystem: true),
                OperatingSystem = system,
                DeviceModel = i < models.Count ? models[i] : null,
            });
        }
        return devices;
    }

    /// <summary>Netmera's platform names (IOS, ANDROID, CHROME…); an operating system text such as "iOS 17.2" gives its platform.</summary>
    internal static string? PlatformName(string? text, bool fromOperatingSystem = false)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var upper = text.Trim().ToUpperInvariant();
        if (upper.StartsWith("IOS", StringComparison.Ordinal) || upper.StartsWith("IPADOS", StringComparison.Ordinal) || upper is "IPHONE" or "IPAD")
            return "IOS";
        if (upper.StartsWith("ANDROID", StringComparison.Ordinal))
            return "ANDROID";
        if (upper.StartsWith("MAC", StringComparison.Ordinal))
            return "MACOS";
        if (fromOperatingSystem)
            return null;
        return upper.Replace(' ', '_');
    }

    // FTP event data ----------------------------------------------------------------------------

    private static readonly ColumnSpec EventName = new("Event Name", true, "Event", "Event Code", "eventName", "eventCode", "Name");
    private static readonly ColumnSpec EventParameters = new("Parameters", false, "Event Parameters", "Attributes", "Event Attributes", "params");

    /// <summary>
    /// Events from the FTP "Event Data" export: External ID, event name and time are required columns;
    /// every other named column is an attribute (empty cells left out), and a Parameters/Attributes
    /// column holding a JSON object is opened into its properties (a column of the same name wins).
    /// Times are read as UTC (ISO 8601 with or without offset, or epoch milliseconds). Rows without an
    /// External ID (anonymous installations) are rejected: an event must belong to a person.
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourceEvent>> ReadEventsAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var source = await TabularSource.OpenAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.EventData), What(ExportFileKind.EventData));

        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceEvent>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var extId = columns.Text(row, Columns.ExtId);
            if (extId is null)
            {
                yield return ExportRow<SourceEvent>.Rejected(row.Number, ExportRejectCodes.NoExternalId,
                    "no External ID: an event of an anonymous installation cannot be attached to a person");
                continue;
            }
            var name = columns.Text(row, EventName)?.Trim();
            if (name is null)
            {
                yield return ExportRow<SourceEvent>.Rejected(row.Number, ExportRejectCodes.NoEventName, "no event name");
                continue;
            }
            if (!Cells.TryTimestamp(columns.Cell(row, Columns.Timestamp), out var at, out var reason))
            {
                yield return ExportRow<SourceEvent>.Rejected(row.Number, ExportRejectCodes.InvalidTimestamp, $"the event time is {reason}");
                continue;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var index in columns.Unclaimed)
            {
                if (Cells.Text(row.Cells[index]) is { } value)
                    attributes[columns.Header[index]] = value;
            }
            if (columns.Text(row, EventParameters) is { } parameters)
            {
                if (!TryOpenJsonObject(parameters, attributes))
                    attributes.TryAdd(columns.Header[columns.IndexOf(EventParameters)], parameters);
            }
            yield return ExportRow<SourceEvent>.Accepted(row.Number, new SourceEvent(extId, name, at, attributes));
        }
    }

    private static bool TryOpenJsonObject(string text, Dictionary<string, string> into)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('{'))
            return false;
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
                if (value is not null)
                    into.TryAdd(property.Name, value);
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Shared --------------------------------------------------------------------------------------

    /// <summary>The columns each kind's reader understands (required ones must be in the header).</summary>
    internal static ColumnSpec[] Specs(ExportFileKind kind) => kind switch
    {
        ExportFileKind.PanelUsers => [Columns.ExtId, Columns.Email, Columns.Msisdn, DeviceCount, DeviceType, OperatingSystem, DeviceModel, FailReason],
        ExportFileKind.EventData => [Columns.ExtId, EventName, Columns.Timestamp, EventParameters],
        ExportFileKind.PushReport or ExportFileKind.Campaigns =>
            [NotificationKey, CampaignName, CampaignType, Status, StartDate, EndDate, Title, MessageText, Columns.Platform, Sent, Failed, Clicked],
        ExportFileKind.PushReportByUser =>
            [NotificationKey, OptionalExtId, Columns.InstallationId, Columns.Platform, Status, DeliveryError, DeliveryErrorCode, DeliveryTime, Title],
        ExportFileKind.Journeys => [JourneyId, JourneyName, JourneyStatus, EntryCondition, Steps, ConversionEvents],
        ExportFileKind.Tags => [TagName, TagUserCount],
        ExportFileKind.TagAssignments => [Columns.ExtId, TagList],
        ExportFileKind.Widgets => [WidgetId, WidgetName, WidgetType, AssetName, AssetKindColumn, AssetSize],
        ExportFileKind.Surveys => [SurveyId, SurveyName, SurveyFormat, SurveyTrigger, QuestionId, QuestionText, QuestionType, QuestionOptions],
        ExportFileKind.SurveyAnswers => [Columns.ExtId, SurveyId, AnswerQuestionId, AnswerText],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a readable kind."),
    };

    internal static string What(ExportFileKind kind) => kind switch
    {
        ExportFileKind.PanelUsers => "user export",
        ExportFileKind.EventData => "event data export",
        ExportFileKind.PushReport => "push report",
        ExportFileKind.PushReportByUser => "push report",
        ExportFileKind.Campaigns => "campaign file",
        ExportFileKind.Journeys => "journey file",
        ExportFileKind.Tags => "tag file",
        ExportFileKind.TagAssignments => "tag assignment file",
        ExportFileKind.Widgets => "widget file",
        ExportFileKind.Surveys => "survey file",
        ExportFileKind.SurveyAnswers => "survey answer file",
        _ => "file",
    };

    /// <summary>A reject for a row the tabular layer could not shape, or with a value under a nameless column.</summary>
    private static ExportRow<T>? Problem<T>(ColumnMap columns, TabularRow row)
        where T : class
    {
        if (row.Problem is not null)
            return ExportRow<T>.Rejected(row.Number, row.ProblemCode ?? ExportRejectCodes.MalformedRow, row.Problem);
        if (columns.NamelessValue(row) is { } reason)
            return ExportRow<T>.Rejected(row.Number, ExportRejectCodes.ValueUnderNamelessColumn, reason);
        return null;
    }
}
