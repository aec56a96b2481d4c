namespace Migration.Netmera.Exports;

/// <summary>What a Netmera export file holds (docs/netmera-files.md).</summary>
public enum ExportFileKind
{
    /// <summary>Not a file this product reads; <see cref="ExportFileIdentity.Reason"/> says why.</summary>
    Unrecognised,

    /// <summary>Panel "Export" of a user list (CSV or XLSX): identifiers, profile attributes, device columns.</summary>
    PanelUsers,

    /// <summary>Scheduled FTP "Event Data" export: one event per row.</summary>
    EventData,

    /// <summary>FTP push report, <c>appkey_PUSH_REPORTS_date</c>: one campaign (or campaign × platform) per row.</summary>
    PushReport,

    /// <summary>FTP push report with External ID breakdown, <c>appkey_msgID_PUSH_REPORTS_date</c>: one delivery per row.</summary>
    PushReportByUser,

    /// <summary>Inventory: campaigns with their content (what REST cannot read).</summary>
    Campaigns,

    /// <summary>Inventory: journeys with steps and conversion events.</summary>
    Journeys,

    /// <summary>Inventory: the app's tags.</summary>
    Tags,

    /// <summary>Inventory: which user carries which tags.</summary>
    TagAssignments,

    /// <summary>Inventory: widgets and their assets with sizes.</summary>
    Widgets,

    /// <summary>Inventory: surveys and their questions.</summary>
    Surveys,

    /// <summary>Inventory: users' answers to survey questions.</summary>
    SurveyAnswers,
}

public enum ExportFormat
{
    Unknown,
    Csv,
    Xlsx,

    /// <summary>Inventories only: a JSON array of objects, or NDJSON.</summary>
    Json,
}

/// <summary>
/// A file's kind as recognised from its name and header, or <see cref="ExportFileKind.Unrecognised"/>
/// with the reason. <see cref="Delimiter"/> is the CSV delimiter found in the header line.
/// </summary>
public sealed record ExportFileIdentity(
    string FileName, ExportFileKind Kind, ExportFormat Format, char? Delimiter, IReadOnlyList<string> Columns, string Reason)
{
    public bool IsRecognised => Kind != ExportFileKind.Unrecognised;
}

/// <summary>
/// One data row of an export: a record, or a reject with a short code and a reason that names
/// columns and rules, never values (no PII). <see cref="Row"/> is the row as a spreadsheet numbers it:
/// the header is row 1, so the first data row is 2 (a CSV value holding a line break still counts as
/// one row). Readers that merge consecutive rows into one record give the first row's number.
/// </summary>
public sealed record ExportRow<T>(long Row, T? Record, ExportReject? Reject)
    where T : class
{
    public bool IsRejected => Reject is not null;

    public static ExportRow<T> Accepted(long row, T record) => new(row, record, null);

    public static ExportRow<T> Rejected(long row, string code, string reason) => new(row, null, new ExportReject(row, code, reason));
}

/// <summary>Why a row was not read. Codes are stable snake_case (listed in docs/netmera-files.md).</summary>
public sealed record ExportReject(long Row, string Code, string Reason);

/// <summary>
/// The file as a whole cannot be read: not CSV/XLSX, no header, a required column missing, an
/// undetectable delimiter, a quoted value that never ends. The message names the file's problem and
/// what to do, never cell values.
/// </summary>
public sealed class NetmeraExportFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Well-known reject codes.</summary>
public static class ExportRejectCodes
{
    public const string MalformedRow = "malformed_row";
    public const string InvalidEncoding = "invalid_encoding";
    public const string NoExternalId = "no_external_id";
    public const string NoEventName = "no_event_name";
    public const string InvalidTimestamp = "invalid_timestamp";
    public const string InvalidNumber = "invalid_number";
    public const string MissingValue = "missing_value";
    public const string ValueUnderNamelessColumn = "value_without_column";
}
