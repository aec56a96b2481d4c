using System.Runtime.CompilerServices;
using Migration.Domain.Source;

namespace Migration.Netmera.Exports;

public sealed partial class NetmeraExportReader
{
    internal static readonly ColumnSpec NotificationKey = new("Notification Key", false,
        "notificationKey", "Message ID", "msgId", "Message Key", "Push ID", "Campaign ID", "Campaign Key", "Key", "ID");
    private static readonly ColumnSpec CampaignName = new("Campaign Name", false, "Message Name", "Campaign", "Name");
    private static readonly ColumnSpec CampaignType = new("Channel", false, "Type", "Message Type", "Campaign Type");
    private static readonly ColumnSpec Status = new("Status", false, "Campaign Status", "Message Status", "Result", "Delivery Status", "Push Status");
    private static readonly ColumnSpec StartDate = new("Start Date", false, "Send Date", "Sent At", "Sent Date", "Start", "startDate", "Date");
    private static readonly ColumnSpec EndDate = new("End Date", false, "Finished At", "End", "endDate");
    private static readonly ColumnSpec Title = new("Title", false, "Message Title", "msgTitle", "Push Title");
    private static readonly ColumnSpec MessageText = new("Message", false, "Message Text", "Text", "Content", "msgText", "Body", "Push Text");
    internal static readonly ColumnSpec Sent = new("Sent", false, "Sent Count", "Total Sent", "Send Count");
    internal static readonly ColumnSpec Failed = new("Failed", false, "Fail", "Failed Count", "Fail Count");
    internal static readonly ColumnSpec Clicked = new("Clicked", false, "Click", "Clicks", "Click Count", "Opened", "Open", "Opens", "Open Count");

    private static readonly ColumnSpec OptionalExtId = Columns.ExtId with { Required = false };
    private static readonly ColumnSpec DeliveryError = new("Fail Reason", false, "Failure Reason", "Error", "Error Message", "errorMsg", "errorMessage");
    private static readonly ColumnSpec DeliveryErrorCode = new("Error Code", false, "errorCode");
    private static readonly ColumnSpec DeliveryTime = new("Timestamp", false, "Event Time", "Time", "Date", "Sent At", "Send Date", "Delivered At", "timeStamp", "Date Time");

    /// <summary>
    /// Campaigns from an FTP push report (<c>appkey_PUSH_REPORTS_date</c>) or a campaign inventory file.
    /// Consecutive rows with the same notification key are one campaign: each row adds its platform's
    /// Sent/Failed/Clicked (a row without a platform counts as "ALL"), and the first non-empty name,
    /// type, status, dates, title and message are kept; other columns go to <see cref="SourceCampaign.Metrics"/>
    /// (whole numbers, summed) or <see cref="SourceCampaign.Details"/> (text, first kept). A key seen again after another key starts a new
    /// record with the same key, which the consumer merges. A report named with a message id
    /// (<c>appkey_msgID_PUSH_REPORTS_date</c>) supplies the key when the file has no key column.
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourceCampaign>> ReadCampaignsAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var name = PushReportName.TryParse(fileName);
        var (format, content) = await TabularSource.DetectFormatAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        if (format == ExportFormat.Json)
        {
            await foreach (var (index, element) in JsonInventory.ElementsAsync(content, cancellationToken).ConfigureAwait(false))
                yield return JsonInventory.Campaign(index, element);
            yield break;
        }

        await using var source = await TabularSource.OpenAsync(content, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.Campaigns), What(ExportFileKind.Campaigns));
        if (!columns.Has(NotificationKey) && name?.MessageId is null)
            throw new NetmeraExportFormatException(
                $"The campaign file has no '{NotificationKey.Name}' column (accepted names: {string.Join(", ", NotificationKey.Aliases.Prepend(NotificationKey.Name))}) and its name carries no message id.");

        CampaignDraft? draft = null;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourceCampaign>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var key = columns.Text(row, NotificationKey)?.Trim() ?? name?.MessageId;
            if (key is null)
            {
                yield return ExportRow<SourceCampaign>.Rejected(row.Number, ExportRejectCodes.MissingValue, "no notification key");
                continue;
            }
            if (!TryCounts(columns, row, out var counts, out var countProblem))
            {
                yield return ExportRow<SourceCampaign>.Rejected(row.Number, ExportRejectCodes.InvalidNumber, countProblem!);
                continue;
            }
            DateTimeOffset? start = null, end = null;
            string? dateProblem = null;
            if (columns.Cell(row, StartDate) is { } startCell)
                start = Cells.TryTimestamp(startCell, out var s, out var reason) ? s : Fail(ref dateProblem, $"the start date is {reason}");
            if (columns.Cell(row, EndDate) is { } endCell)
                end = Cells.TryTimestamp(endCell, out var e, out var reason) ? e : Fail(ref dateProblem, $"the end date is {reason}");
            if (dateProblem is not null)
            {
                yield return ExportRow<SourceCampaign>.Rejected(row.Number, ExportRejectCodes.InvalidTimestamp, dateProblem);
                continue;
            }

            if (draft is not null && !string.Equals(draft.Key, key, StringComparison.Ordinal))
            {
                yield return ExportRow<SourceCampaign>.Accepted(draft.Row, draft.Build());
                draft = null;
            }
            draft ??= new CampaignDraft(row.Number, key);
            draft.Name ??= columns.Text(row, CampaignName);
            draft.Type ??= columns.Text(row, CampaignType);
            draft.Status ??= columns.Text(row, Status)?.Trim().ToUpperInvariant();
            draft.Start ??= start;
            draft.End ??= end;
            draft.Title ??= columns.Text(row, Title);
            draft.Message ??= columns.Text(row, MessageText);
            if (counts is { } c)
                draft.Add(PlatformName(columns.Text(row, Columns.Platform)) ?? "ALL", c.Sent, c.Failed, c.Clicked);
            foreach (var index in columns.Unclaimed)
            {
                if (row.Cells[index] is not { } cell)
                    continue;
                if (Cells.TryWholeNumber(cell, out var metric))
                    draft.AddMetric(columns.Header[index], metric);
                else if (Cells.Text(cell) is { } text)
                    draft.AddDetail(columns.Header[index], text);
            }
        }
        if (draft is not null)
            yield return ExportRow<SourceCampaign>.Accepted(draft.Row, draft.Build());
    }

    private static DateTimeOffset? Fail(ref string? problem, string reason)
    {
        problem ??= reason;
        return null;
    }

    private static bool TryCounts(ColumnMap columns, TabularRow row, out (long Sent, long Failed, long Clicked)? counts, out string? problem)
    {
        counts = null;
        problem = null;
        long sent = 0, failed = 0, clicked = 0;
        var any = false;
        foreach (var (spec, set) in new (ColumnSpec, Action<long>)[] { (Sent, v => sent = v), (Failed, v => failed = v), (Clicked, v => clicked = v) })
        {
            var cell = columns.Cell(row, spec);
            if (cell is null)
                continue;
            if (!Cells.TryWholeNumber(cell, out var value) || value < 0)
            {
                problem = $"{spec.Name} is not a whole number of zero or more";
                return false;
            }
            set(value);
            any = true;
        }
        if (any)
            counts = (sent, failed, clicked);
        return true;
    }

    private sealed class CampaignDraft(long row, string key)
    {
        private readonly List<(string Platform, long Sent, long Failed, long Clicked)> stats = [];

        public long Row { get; } = row;
        public string Key { get; } = key;
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? Status { get; set; }
        public DateTimeOffset? Start { get; set; }
        public DateTimeOffset? End { get; set; }
        public string? Title { get; set; }
        public string? Message { get; set; }

        private readonly Dictionary<string, long> metrics = new(StringComparer.Ordinal);

        private readonly Dictionary<string, string> details = new(StringComparer.Ordinal);

        public void AddMetric(string name, long value) => metrics[name] = metrics.GetValueOrDefault(name) + value;

        public void AddDetail(string name, string value) => details.TryAdd(name, value);

        public void Add(string platform, long sent, long failed, long clicked)
        {
            var i = stats.FindIndex(s => s.Platform == platform);
            if (i < 0)
                stats.Add((platform, sent, failed, clicked));
            else
                stats[i] = (platform, stats[i].Sent + sent, stats[i].Failed + failed, stats[i].Clicked + clicked);
        }

        public SourceCampaign Build() => new()
        {
            Key = Key,
            Name = Name,
            Type = Type,
            Status = Status,
            Start = Start,
            End = End,
            Title = Title,
            Message = Message,
            Stats = stats.Select(s => new CampaignPlatformStats(s.Platform, s.Sent, s.Failed, s.Clicked)).ToList(),
            Metrics = metrics,
            Details = details,
        };
    }

    /// <summary>
    /// Delivery rows from a push report with External ID breakdown (<c>appkey_msgID_PUSH_REPORTS_date</c>),
    /// or a campaign's "Failed" export. The notification key is the row's key column, else the message id
    /// in the file name. Status is upper-cased; without a Status column a row with a fail reason is FAILED
    /// and one without is SENT. Without a time column (or with an empty cell) the report's date from the
    /// file name is used, at 00:00 UTC; a row with neither is rejected. A row without External ID is kept
    /// (the installation id still identifies it).
    /// </summary>
    public async IAsyncEnumerable<ExportRow<SourcePushResult>> ReadPushResultsAsync(
        Stream stream, string fileName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var name = PushReportName.TryParse(fileName);
        await using var source = await TabularSource.OpenAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
        var columns = new ColumnMap(source.Header, Specs(ExportFileKind.PushReportByUser), What(ExportFileKind.PushReportByUser));
        if (!columns.Has(NotificationKey) && name?.MessageId is null)
            throw new NetmeraExportFormatException(
                $"The push report has no '{NotificationKey.Name}' column and its name does not follow appkey_msgID_PUSH_REPORTS_date, so its rows cannot be tied to a message.");

        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Problem<SourcePushResult>(columns, row) is { } problem)
            {
                yield return problem;
                continue;
            }
            var key = columns.Text(row, NotificationKey)?.Trim() ?? name?.MessageId;
            if (key is null)
            {
                yield return ExportRow<SourcePushResult>.Rejected(row.Number, ExportRejectCodes.MissingValue, "no notification key");
                continue;
            }
            DateTimeOffset at;
            if (columns.Cell(row, DeliveryTime) is { } timeCell)
            {
                if (!Cells.TryTimestamp(timeCell, out at, out var reason))
                {
                    yield return ExportRow<SourcePushResult>.Rejected(row.Number, ExportRejectCodes.InvalidTimestamp, $"the delivery time is {reason}");
                    continue;
                }
            }
            else if (name?.Date is { } date)
            {
                at = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }
            else
            {
                yield return ExportRow<SourcePushResult>.Rejected(row.Number, ExportRejectCodes.InvalidTimestamp,
                    "no delivery time, and the file name carries no report date");
                continue;
            }

            var error = columns.Text(row, DeliveryError);
            var status = columns.Text(row, Status)?.Trim().ToUpperInvariant().Replace(' ', '_') ?? (error is null ? "SENT" : "FAILED");
            yield return ExportRow<SourcePushResult>.Accepted(row.Number, new SourcePushResult(
                key,
                columns.Text(row, OptionalExtId),
                columns.Text(row, Columns.InstallationId),
                PlatformName(columns.Text(row, Columns.Platform)),
                status,
                at,
                error)
            {
                ErrorCode = columns.Text(row, DeliveryErrorCode),
                Title = columns.Text(row, Title),
            });
        }
    }
}
