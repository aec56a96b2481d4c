using System.Globalization;
using System.Text;
using System.Text.Json;
using Migration.Sandbox.Dataset;
using MiniExcelLibs;

namespace Migration.Sandbox.Netmera.Exports;

/// <summary>
/// One file of the export set: its name, what kind of Netmera export it stands for, its media type, and for CSV files
/// the delimiter; push-report breakdowns name their campaign.
/// </summary>
public sealed record NetmeraExportFile(string Name, string Kind, string ContentType, string? Delimiter = null, int? NotificationKey = null);

/// <summary>
/// The files a Netmera customer can get out of the panel and the FTP export, plus inventories of what no REST call
/// reads, all generated from one dataset. Every file is written row by row from the user stream (one user's events or
/// deliveries at a time), so any size streams in constant memory. Formats: docs/netmera-files.md, "Files the simulator
/// produces".
/// </summary>
public sealed class NetmeraExports
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string JsonType = "application/json; charset=utf-8";

    public static readonly IReadOnlyList<string> PanelHeaders =
    [
        "Email", "External ID", "MSISDN", "Name", "Surname", "Gender", "Date of Birth", "City", "Country", "Language",
        "Is Subscribed", "Loyalty Points", "Signup Date", "Favorite Categories", "Company",
        "Device Count", "Device Type", "Operating System", "Device Model",
    ];

    public static readonly IReadOnlyList<string> EventDataFixedHeaders = ["External ID", "Installation ID", "Platform", "Event Code", "Event Name", "Event Time"];

    public static readonly IReadOnlyList<string> PushReportHeaders =
        ["Message ID", "Message Name", "Channel", "Status", "Send Date", "Title", "Recipients", "Sent", "Failed", "Delivered", "Shown", "Clicked", "Conversions"];

    public static readonly IReadOnlyList<string> PushBreakdownHeaders =
        ["Message ID", "External ID", "Installation ID", "Platform", "Status", "Error Code", "Error Message", "Event Time"];

    public static readonly IReadOnlyList<string> TagHeaders = ["Tag", "User Count"];

    public static readonly IReadOnlyList<string> TagAssignmentHeaders = ["External ID", "Tag"];

    public static readonly IReadOnlyList<string> SurveyAnswerHeaders = ["External ID", "Survey ID", "Question ID", "Option ID", "Answer", "Answered At"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private static readonly JsonSerializerOptions InventoryJson = ReadOnly(new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private readonly Func<IEnumerable<SourceUser>> users;
    private readonly int userCount;
    private readonly int seed;
    private readonly SourceCatalog catalog;
    private readonly Func<IReadOnlyList<SourceCampaignStats>> campaignStats;
    private readonly Dictionary<string, Func<Stream, CancellationToken, Task>> writers = new(StringComparer.Ordinal);

    /// <param name="users">Walked once per file written (the simulator passes its materialised users, a standalone caller a generator).</param>
    /// <param name="userCount">How many users <paramref name="users"/> yields (it sizes the anonymous installations).</param>
    /// <param name="seed">The dataset seed.</param>
    /// <param name="appKey">The Netmera app key that FTP file names start with.</param>
    /// <param name="campaignStats">Per-campaign delivery counts for the push report (the dataset's truth).</param>
    public NetmeraExports(Func<IEnumerable<SourceUser>> users, int userCount, int seed, string appKey, Func<IReadOnlyList<SourceCampaignStats>> campaignStats)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentException.ThrowIfNullOrEmpty(appKey);
        if (appKey.Contains('_', StringComparison.Ordinal))
        {
            throw new ArgumentException("the app key must not contain '_': it separates the parts of FTP file names", nameof(appKey));
        }

        this.users = users;
        this.userCount = userCount;
        this.seed = seed;
        this.campaignStats = campaignStats;
        catalog = SourceCatalog.For(seed);

        var date = SourceDataset.AsOf.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var files = new List<NetmeraExportFile>();
        void Add(NetmeraExportFile file, Func<Stream, CancellationToken, Task> write)
        {
            files.Add(file);
            writers[file.Name] = write;
        }

        Add(new($"netmera_users_export_{date}.csv", "panel-users", CsvType, ","), PanelCsvAsync);
        Add(new($"netmera_users_export_{date}.xlsx", "panel-users", XlsxType), PanelXlsxAsync);
        foreach (var delimiter in CsvDelimiter.All)
        {
            Add(new($"{appKey}_EVENT_DATA_{date}_{delimiter.Name}.csv", "event-data", CsvType, delimiter.Text), (s, ct) => EventDataAsync(s, delimiter, ct));
        }

        Add(new($"{appKey}_PUSH_REPORTS_{date}.csv", "push-report", CsvType, ","), PushReportAsync);
        foreach (var campaign in catalog.Campaigns.Where(c => c.WasSent))
        {
            Add(new($"{appKey}_{campaign.Key}_PUSH_REPORTS_{date}.csv", "push-report-breakdown", CsvType, ",", campaign.Key), (s, ct) => PushBreakdownAsync(s, campaign, ct));
        }

        Add(new("inventory-campaigns.json", "campaign-inventory", JsonType), (s, ct) => JsonAsync(s, catalog.Campaigns.Select(CampaignView), ct));
        Add(new("inventory-journeys.json", "journey-inventory", JsonType), (s, ct) => JsonAsync(s, catalog.Journeys, ct));
        Add(new("inventory-widgets.json", "widget-inventory", JsonType), (s, ct) => JsonAsync(s, catalog.Widgets, ct));
        Add(new("inventory-surveys.json", "survey-inventory", JsonType), (s, ct) => JsonAsync(s, catalog.Surveys.Select(SurveyView), ct));
        Add(new("inventory-survey-answers.csv", "survey-answers", CsvType, ","), SurveyAnswersAsync);
        Add(new("inventory-tags.csv", "tag-inventory", CsvType, ","), TagsAsync);
        Add(new("inventory-tag-assignments.csv", "tag-assignments", CsvType, ","), TagAssignmentsAsync);
        Files = files;
    }

    public IReadOnlyList<NetmeraExportFile> Files { get; }

    // Shared by every export set: made read-only so nobody can change it after the first use.
    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A standalone export set over the streamed dataset (the push report's counts take one extra pass).</summary>
    public static NetmeraExports FromDataset(int users, int seed, string appKey = "sandboxapp")
    {
        var stats = new Lazy<IReadOnlyList<SourceCampaignStats>>(() => SourceTruth.Compute(SourceDataset.Generate(users, seed), SourceCatalog.For(seed), seed).Campaigns);
        return new NetmeraExports(() => SourceDataset.Generate(users, seed), users, seed, appKey, () => stats.Value);
    }

    public NetmeraExportFile? Find(string name) => Files.FirstOrDefault(f => f.Name == name);

    /// <summary>Writes one file to <paramref name="destination"/> (left open).</summary>
    public Task WriteAsync(string name, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return writers.TryGetValue(name, out var write)
            ? write(destination, cancellationToken)
            : throw new KeyNotFoundException($"no export file named {name}");
    }

    /// <summary>UTC, ISO 8601 with milliseconds and Z: the one date format of every CSV and XLSX file here.</summary>
    public static string Timestamp(long epochMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Timestamp(long? epochMilliseconds) => epochMilliseconds is { } ms ? Timestamp(ms) : null;

    private static async Task TextAsync(Stream destination, Encoding encoding, CsvDelimiter delimiter, string newLine, Func<DelimitedText, Task> rows, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(destination, encoding, bufferSize: 64 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await rows(new DelimitedText(writer, delimiter, newLine)).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The panel's cell values for one user, in <see cref="PanelHeaders"/> order (typed, for XLSX).</summary>
    private static object?[] PanelRow(SourceUser user) =>
    [
        user.Email,
        user.ExtId,
        user.Msisdn,
        user.Name,
        user.Surname,
        user.Gender,
        Timestamp(user.DateOfBirth),
        user.City,
        user.Country,
        user.Language,
        user.IsSubscribed,
        // As stored: a number, or the text some app versions wrote (an XLSX text cell).
        user.LoyaltyPoints is { } points ? points.StoredAsText ? points.Value.ToString(CultureInfo.InvariantCulture) : points.Value : null,
        Timestamp(user.SignupDate),
        user.FavoriteCategories.Count == 0 ? null : string.Join(", ", user.FavoriteCategories),
        user.Company,
        // The panel counts devices that are registered and installed.
        user.Devices.Count,
        Joined(user.Devices.Select(d => d.Platform)),
        Joined(user.Devices.Select(d => d.OperatingSystem)),
        Joined(user.Devices.Select(d => d.DeviceModel)),
    ];

    private static string? Joined(IEnumerable<string?> values)
    {
        var text = string.Join(", ", values);
        return text.Length == 0 ? null : text;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private Task PanelCsvAsync(Stream destination, CancellationToken cancellationToken) =>
        // Excel-friendly, as panel downloads are: a UTF-8 byte order mark and CRLF line ends.
        TextAsync(destination, Utf8WithBom, CsvDelimiter.Comma, "\r\n", async csv =>
        {
            await csv.WriteRowAsync(PanelHeaders, cancellationToken).ConfigureAwait(false);
            foreach (var user in users())
            {
                await csv.WriteRowAsync(PanelRow(user).Select(Text), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    private async Task PanelXlsxAsync(Stream destination, CancellationToken cancellationToken)
    {
        IEnumerable<IDictionary<string, object?>> Rows()
        {
            foreach (var user in users())
            {
                var row = new Dictionary<string, object?>(PanelHeaders.Count, StringComparer.Ordinal);
                var values = PanelRow(user);
                for (var i = 0; i < PanelHeaders.Count; i++)
                {
                    row[PanelHeaders[i]] = values[i];
                }

                yield return row;
            }
        }

        // Same cells for the same dataset, but not the same bytes: MiniExcel stamps zip entries with the current time
        // and draws random relationship ids.
        await MiniExcel.SaveAsAsync(destination, Rows(), printHeader: true, sheetName: "Users", excelType: ExcelType.XLSX, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private Task EventDataAsync(Stream destination, CsvDelimiter delimiter, CancellationToken cancellationToken) =>
        TextAsync(destination, Utf8, delimiter, "\n", async csv =>
        {
            var attributes = catalog.EventAttributeCodes;
            var names = catalog.Events.ToDictionary(e => e.Code, e => e.Name, StringComparer.Ordinal);
            await csv.WriteRowAsync(EventDataFixedHeaders.Concat(attributes), cancellationToken).ConfigureAwait(false);

            async Task Write(IEnumerable<SourceEvent> events)
            {
                foreach (var e in events)
                {
                    string?[] fixedFields = [e.ExtId, e.InstallationId, e.Platform, e.Code, names[e.Code], Timestamp(e.Time)];
                    await csv.WriteRowAsync(fixedFields.Concat(attributes.Select(a => e.Attributes.GetValueOrDefault(a))), cancellationToken).ConfigureAwait(false);
                }
            }

            // Grouped by user (dataset order), each user's events in time order; then installations with no extId.
            foreach (var user in users())
            {
                await Write(SourceActivity.EventsOf(user, seed)).ConfigureAwait(false);
            }

            for (var i = 0; i < SourceDataset.AnonymousInstallationCount(userCount); i++)
            {
                await Write(SourceActivity.EventsOf(SourceDataset.AnonymousInstallationAt(i, seed), i, seed)).ConfigureAwait(false);
            }
        }, cancellationToken);

    private Task PushReportAsync(Stream destination, CancellationToken cancellationToken) =>
        TextAsync(destination, Utf8, CsvDelimiter.Comma, "\n", async csv =>
        {
            await csv.WriteRowAsync(PushReportHeaders, cancellationToken).ConfigureAwait(false);
            var stats = campaignStats().ToDictionary(s => s.Key);
            foreach (var campaign in catalog.Campaigns.Where(c => c.WasSent))
            {
                var s = stats[campaign.Key];
                int Sum(Func<SourcePlatformTally, int> count) => s.Platforms.Sum(count);
                await csv.WriteRowAsync(
                    [
                        campaign.Key.ToString(CultureInfo.InvariantCulture), campaign.Name, campaign.Channel, campaign.Status, Timestamp(campaign.SendAt), campaign.Title,
                        Text(s.Recipients), Text(Sum(p => p.Sent)), Text(Sum(p => p.Failed)), Text(Sum(p => p.Delivered)), Text(Sum(p => p.Shown)), Text(Sum(p => p.Clicked)), Text(s.Conversions),
                    ],
                    cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    private Task PushBreakdownAsync(Stream destination, SourceCampaign campaign, CancellationToken cancellationToken) =>
        TextAsync(destination, Utf8, CsvDelimiter.Comma, "\n", async csv =>
        {
            await csv.WriteRowAsync(PushBreakdownHeaders, cancellationToken).ConfigureAwait(false);
            var key = campaign.Key.ToString(CultureInfo.InvariantCulture);
            foreach (var user in users())
            {
                foreach (var row in SourceActivity.DeliveriesOf(user, campaign, seed).Rows)
                {
                    await csv.WriteRowAsync([key, row.ExtId, row.InstallationId, row.Platform, row.Status, row.ErrorCode, row.ErrorMessage, Timestamp(row.Time)], cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken);

    private Task SurveyAnswersAsync(Stream destination, CancellationToken cancellationToken) =>
        TextAsync(destination, Utf8, CsvDelimiter.Comma, "\n", async csv =>
        {
            await csv.WriteRowAsync(SurveyAnswerHeaders, cancellationToken).ConfigureAwait(false);
            foreach (var user in users())
            {
                foreach (var survey in catalog.Surveys)
                {
                    foreach (var answer in SourceActivity.SurveyAnswersOf(user, survey, seed))
                    {
                        await csv.WriteRowAsync(
                            [user.ExtId, Text(answer.SurveyId), answer.QuestionId, answer.OptionId, answer.Answer, Timestamp(answer.AnsweredAt)],
                            cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }, cancellationToken);

    private Task TagsAsync(Stream destination, CancellationToken cancellationToken) =>
        TextAsync(destination, Utf8, CsvDelimiter.Comma, "\n", async csv =>
        {
            var counts = SourceCatalog.TagVocabulary.ToDictionary(t => t.Name, _ => 0, StringComparer.Ordinal);
            foreach (var user in users())
            {
                foreach (var tag in user.Tags)
                {
                    counts[tag]++;
                }
            }

            await csv.WriteRowAsync(TagHeaders, cancellationToken).ConfigureAwait(false);
            foreach (var tag in SourceCatalog.TagVocabulary)
            {
                await csv.WriteRowAsync([tag.Name, Text(counts[tag.Name])], cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    private Task TagAssignmentsAsync(Stream destination, CancellationToken cancellationToken) =>
        TextAsync(destination, Utf8, CsvDelimiter.Comma, "\n", async csv =>
        {
            await csv.WriteRowAsync(TagAssignmentHeaders, cancellationToken).ConfigureAwait(false);
            foreach (var user in users())
            {
                foreach (var tag in user.Tags)
                {
                    await csv.WriteRowAsync([user.ExtId, tag], cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken);

    private static Task JsonAsync<T>(Stream destination, IEnumerable<T> items, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(destination, items, InventoryJson, cancellationToken);

    private static object CampaignView(SourceCampaign c) => new
    {
        key = c.Key,
        name = c.Name,
        channel = c.Channel,
        type = c.Type,
        status = c.Status,
        schedule = new { sendAt = c.SendAt, recurrence = c.Recurrence },
        title = c.Title,
        message = c.Message,
        platforms = c.Platforms,
        category = c.Category,
        deeplink = c.Deeplink,
        conversionEvent = c.ConversionEvent,
    };

    private static object SurveyView(SourceSurvey s) => new
    {
        id = s.Id,
        name = s.Name,
        status = s.Status,
        format = s.Format,
        trigger = s.Trigger,
        startAt = s.StartAt,
        questions = s.Questions,
    };
}
