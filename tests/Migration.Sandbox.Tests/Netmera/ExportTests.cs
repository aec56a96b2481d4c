using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Migration.Sandbox.Dataset;
using Migration.Sandbox.Netmera.Exports;
using MiniExcelLibs;

namespace Migration.Sandbox.Tests.Netmera;

/// <summary>A small simulator whose export files are downloaded and parsed back.</summary>
public sealed class ExportFixture : IAsyncLifetime
{
    public const int Users = 300;
    public const int Seed = 13;

    public NetmeraSimulator Simulator { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = Users, Seed = Seed, ApiKey = "k" });
        Admin = JsonHttp.Client(Simulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Simulator.DisposeAsync();
    }

    public async Task<byte[]> DownloadAsync(string name)
    {
        using var response = await Admin.GetAsync(new Uri("/_sandbox/exports/" + Uri.EscapeDataString(name), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public NetmeraExportFile File(string kind) => Simulator.Exports.Files.First(f => f.Kind == kind);
}

/// <summary>Every export file: listed, downloadable, and readable by an independent CSV/XLSX reader with the documented headers.</summary>
public sealed class ExportTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private NetmeraSimulator Simulator => fixture.Simulator;

    /// <summary>
    /// Parsed with CsvHelper (34: a SIMD reader that splits on one ASCII byte, so the non-ASCII broken pipe goes through
    /// its CsvSeparatorStream, as a real reader of these files would have to).
    /// </summary>
    private static List<string[]> ParseCsv(byte[] bytes, string delimiter, out string[] header)
    {
        Stream input = new MemoryStream(bytes);
        var options = new CsvReaderOptions { HasHeader = true };
        if (delimiter.Length == 1 && delimiter[0] < 128)
        {
            options = options with { Separator = delimiter[0] };
        }
        else
        {
            input = new CsvSeparatorStream(input, delimiter, CsvSeparatorStream.DefaultReplacement, false);
        }

        using var csv = CsvReader.Create(input, options, false);
        header = csv.Headers.ToArray();
        var rows = new List<string[]>();
        while (csv.Read())
        {
            Assert.Equal(header.Length, csv.FieldCount);
            rows.Add(Enumerable.Range(0, header.Length).Select(i => csv.GetString(i) ?? string.Empty).ToArray());
        }

        return rows;
    }

    private static string Cell(string[] header, string[] row, string column) => row[Array.IndexOf(header, column)];

    [Fact]
    public async Task The_listing_names_every_file_with_its_kind_type_and_size()
    {
        var listing = (await fixture.Admin.GetJsonAsync("/_sandbox/exports")).Body.EnumerateArray().ToList();
        Assert.Equal(Simulator.Exports.Files.Select(f => f.Name), listing.Select(f => f.GetProperty("name").GetString()));
        var kinds = listing.Select(f => f.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(
            new HashSet<string?> { "panel-users", "event-data", "push-report", "push-report-breakdown", "campaign-inventory", "journey-inventory", "tag-inventory", "tag-assignments", "widget-inventory", "survey-inventory", "survey-answers" },
            kinds);
        Assert.Equal(CsvDelimiter.All.Select(d => d.Text), listing.Where(f => f.GetProperty("kind").GetString() == "event-data").Select(f => f.GetProperty("delimiter").GetString()));
        Assert.Contains(listing, f => f.GetProperty("name").GetString() == "sandboxapp_PUSH_REPORTS_20250701.csv");
        Assert.Equal(Simulator.Catalog.Campaigns.Where(c => c.WasSent).Select(c => $"sandboxapp_{c.Key}_PUSH_REPORTS_20250701.csv"),
            listing.Where(f => f.GetProperty("kind").GetString() == "push-report-breakdown").Select(f => f.GetProperty("name").GetString()));

        foreach (var file in listing.Where(f => f.GetProperty("kind").GetString() is "panel-users" or "push-report" or "campaign-inventory"))
        {
            var bytes = await fixture.DownloadAsync(file.GetProperty("name").GetString()!);
            Assert.Equal(file.GetProperty("size").GetInt64(), bytes.Length);
        }

        using var missing = await fixture.Admin.GetAsync(new Uri("/_sandbox/exports/nothing.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_panel_csv_has_a_bom_crlf_the_documented_headers_and_empty_cells_for_missing_values()
    {
        var file = Simulator.Exports.Files.Single(f => f.Kind == "panel-users" && f.Name.EndsWith(".csv", StringComparison.Ordinal));
        var bytes = await fixture.DownloadAsync(file.Name);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("\r\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var rows = ParseCsv(bytes, ",", out var header);
        Assert.Equal(NetmeraExports.PanelHeaders, header);
        Assert.Equal(ExportFixture.Users, rows.Count);
        foreach (var (user, row) in Simulator.Users.Zip(rows))
        {
            Assert.Equal(user.ExtId, Cell(header, row, "External ID"));
            Assert.Equal(user.Email ?? string.Empty, Cell(header, row, "Email")); // padded and upper-case addresses survive as stored
            Assert.Equal(user.Msisdn ?? string.Empty, Cell(header, row, "MSISDN"));
            Assert.Equal(user.Name ?? string.Empty, Cell(header, row, "Name"));
            Assert.Equal(user.Devices.Count.ToString(CultureInfo.InvariantCulture), Cell(header, row, "Device Count"));
            Assert.Equal(string.Join(", ", user.Devices.Select(d => d.Platform)), Cell(header, row, "Device Type"));
            Assert.Equal(string.Join(", ", user.Devices.Select(d => d.DeviceModel)), Cell(header, row, "Device Model"));
            Assert.Equal(user.DateOfBirth is { } dob ? NetmeraExports.Timestamp(dob) : string.Empty, Cell(header, row, "Date of Birth"));
        }

        Assert.Contains(rows, r => Cell(header, r, "Email").Length == 0);
        Assert.Contains(rows, r => Cell(header, r, "Email").StartsWith(' ') || Cell(header, r, "Email").StartsWith('\t'));
        Assert.Contains(rows, r => Cell(header, r, "Name").Any(c => c > 127));
    }

    [Fact]
    public async Task The_panel_xlsx_has_the_same_columns_with_numbers_stored_as_text_where_the_app_wrote_text()
    {
        var file = Simulator.Exports.Files.Single(f => f.Kind == "panel-users" && f.Name.EndsWith(".xlsx", StringComparison.Ordinal));
        Assert.Equal(NetmeraExports.XlsxType, file.ContentType);
        var bytes = await fixture.DownloadAsync(file.Name);

        var headerRow = (IDictionary<string, object?>)MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false).First();
        Assert.Equal(NetmeraExports.PanelHeaders, headerRow.Values.Select(v => v?.ToString()));

        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(ExportFixture.Users, rows.Count);
        foreach (var (user, row) in Simulator.Users.Zip(rows))
        {
            Assert.Equal(user.ExtId, row["External ID"]);
            Assert.Equal(user.Email, row["Email"] as string);
            Assert.Equal(user.Devices.Count, Convert.ToInt32(row["Device Count"], CultureInfo.InvariantCulture));
            if (user.LoyaltyPoints is { } points)
            {
                Assert.Equal(points.StoredAsText, row["Loyalty Points"] is string);
                Assert.Equal(points.Value, Convert.ToDecimal(row["Loyalty Points"], CultureInfo.InvariantCulture));
            }
            else
            {
                Assert.True(row["Loyalty Points"] is null or "");
            }
        }
    }

    [Fact]
    public async Task Event_data_reads_back_with_every_delimiter()
    {
        var truth = Simulator.Truth;
        var expected = Simulator.Users.Take(40).SelectMany(u => SourceActivity.EventsOf(u, ExportFixture.Seed)).ToList();
        var attributes = Simulator.Catalog.EventAttributeCodes;
        foreach (var file in Simulator.Exports.Files.Where(f => f.Kind == "event-data"))
        {
            var bytes = await fixture.DownloadAsync(file.Name);
            Assert.NotEqual(0xEF, bytes[0]); // no byte order mark in FTP exports
            var rows = ParseCsv(bytes, file.Delimiter!, out var header);
            Assert.Equal(NetmeraExports.EventDataFixedHeaders.Concat(attributes), header);
            Assert.Equal(truth.Events.Sum(e => e.Count), rows.Count);
            Assert.Equal(truth.EventsWithoutExternalId, rows.Count(r => Cell(header, r, "External ID").Length == 0));

            // Values holding this very delimiter, quotes and line breaks come back intact.
            foreach (var (e, row) in expected.Zip(rows))
            {
                Assert.Equal(e.ExtId, Cell(header, row, "External ID"));
                Assert.Equal(e.Code, Cell(header, row, "Event Code"));
                Assert.Equal(e.Time, DateTimeOffset.ParseExact(Cell(header, row, "Event Time"), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds());
                Assert.All(attributes, a => Assert.Equal(e.Attributes.GetValueOrDefault(a) ?? string.Empty, Cell(header, row, a)));
            }

            var text = StrictUtf8.GetString(bytes);
            Assert.Contains("\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Push_reports_agree_with_getPushStats_and_the_breakdowns_with_the_delivery_rows()
    {
        var summary = ParseCsv(await fixture.DownloadAsync(fixture.File("push-report").Name), ",", out var header);
        Assert.Equal(NetmeraExports.PushReportHeaders, header);
        var sent = Simulator.Catalog.Campaigns.Where(c => c.WasSent).ToList();
        Assert.Equal(sent.Select(c => c.Key.ToString(CultureInfo.InvariantCulture)), summary.Select(r => Cell(header, r, "Message ID")));
        foreach (var (campaign, row) in sent.Zip(summary))
        {
            var stats = Simulator.Truth.Campaigns.Single(c => c.Key == campaign.Key);
            Assert.Equal(stats.Platforms.Sum(p => p.Sent).ToString(CultureInfo.InvariantCulture), Cell(header, row, "Sent"));
            Assert.Equal(stats.Platforms.Sum(p => p.Clicked).ToString(CultureInfo.InvariantCulture), Cell(header, row, "Clicked"));
            Assert.Equal(campaign.Name, Cell(header, row, "Message Name"));
        }

        foreach (var campaign in sent.Take(4))
        {
            var file = Simulator.Exports.Files.Single(f => f.NotificationKey == campaign.Key);
            var rows = ParseCsv(await fixture.DownloadAsync(file.Name), ",", out var breakdownHeader);
            Assert.Equal(NetmeraExports.PushBreakdownHeaders, breakdownHeader);
            var expected = Simulator.Users.SelectMany(u => SourceActivity.DeliveriesOf(u, campaign, ExportFixture.Seed).Rows).ToList();
            Assert.Equal(expected.Select(r => (r.ExtId, r.Status, r.InstallationId ?? string.Empty)),
                rows.Select(r => (Cell(breakdownHeader, r, "External ID"), Cell(breakdownHeader, r, "Status"), Cell(breakdownHeader, r, "Installation ID"))));
        }
    }

    [Fact]
    public async Task Inventories_hold_what_rest_cannot_read()
    {
        using var campaigns = JsonDocument.Parse(await fixture.DownloadAsync("inventory-campaigns.json"));
        var items = campaigns.RootElement.EnumerateArray().ToList();
        Assert.Equal(Simulator.Catalog.Campaigns.Select(c => c.Key), items.Select(c => c.GetProperty("key").GetInt32()));
        Assert.All(items, c => Assert.True(c.TryGetProperty("message", out _) && c.TryGetProperty("schedule", out _) && c.TryGetProperty("status", out _)));
        Assert.Contains(items, c => c.GetProperty("status").GetString() == "DRAFT" && c.GetProperty("schedule").GetProperty("sendAt").ValueKind == JsonValueKind.Null);

        using var journeys = JsonDocument.Parse(await fixture.DownloadAsync("inventory-journeys.json"));
        Assert.All(journeys.RootElement.EnumerateArray(), j => Assert.True(j.GetProperty("steps").GetArrayLength() > 0 && j.TryGetProperty("entryCondition", out _) && j.TryGetProperty("conversionEvents", out _)));

        using var widgets = JsonDocument.Parse(await fixture.DownloadAsync("inventory-widgets.json"));
        var assets = widgets.RootElement.EnumerateArray().SelectMany(w => w.GetProperty("assets").EnumerateArray()).ToList();
        Assert.Contains(assets, a => a.GetProperty("kind").GetString() == "VIDEO" && a.GetProperty("sizeBytes").GetInt64() > SourceWidgetAsset.VideoLimitBytes);
        Assert.Contains(assets, a => a.GetProperty("kind").GetString() == "IMAGE" && a.GetProperty("sizeBytes").GetInt64() > SourceWidgetAsset.ImageLimitBytes);
        Assert.All(assets, a => Assert.False(a.TryGetProperty("isOverLimit", out _)));

        using var surveys = JsonDocument.Parse(await fixture.DownloadAsync("inventory-surveys.json"));
        Assert.Contains(surveys.RootElement.EnumerateArray().SelectMany(s => s.GetProperty("questions").EnumerateArray()), q => q.GetProperty("options").GetArrayLength() > 0);

        var answers = ParseCsv(await fixture.DownloadAsync("inventory-survey-answers.csv"), ",", out var answerHeader);
        Assert.Equal(NetmeraExports.SurveyAnswerHeaders, answerHeader);
        Assert.Equal(Simulator.Truth.Surveys.Sum(s => s.Answers), answers.Count);
        Assert.Contains(answers, a => Cell(answerHeader, a, "Answer").Contains('\n', StringComparison.Ordinal));

        var tags = ParseCsv(await fixture.DownloadAsync("inventory-tags.csv"), ",", out var tagHeader);
        Assert.Equal(NetmeraExports.TagHeaders, tagHeader);
        Assert.Equal(Simulator.Truth.Tags.Select(t => (t.Key, t.Value.ToString(CultureInfo.InvariantCulture))), tags.Select(r => (r[0], r[1])));
        Assert.Contains(tags, t => t[0] == "B2B, kurumsal");

        var assignments = ParseCsv(await fixture.DownloadAsync("inventory-tag-assignments.csv"), ",", out var assignmentHeader);
        Assert.Equal(NetmeraExports.TagAssignmentHeaders, assignmentHeader);
        Assert.Equal(Simulator.Users.SelectMany(u => u.Tags.Select(t => (u.ExtId, t))), assignments.Select(r => (r[0], r[1])));
    }

    [Fact]
    public async Task The_same_seed_and_size_give_the_same_bytes_with_or_without_the_simulator()
    {
        var standalone = NetmeraExports.FromDataset(ExportFixture.Users, ExportFixture.Seed);
        foreach (var name in new[] { fixture.File("panel-users").Name, Simulator.Exports.Files.First(f => f.Delimiter == "¦").Name, fixture.File("push-report").Name, "inventory-survey-answers.csv" })
        {
            using var written = new MemoryStream();
            await standalone.WriteAsync(name, written);
            Assert.Equal(await fixture.DownloadAsync(name), written.ToArray());
        }

        // The XLSX holds the same cells; its zip container differs run to run (MiniExcel's entry times and random ids).
        var xlsx = Simulator.Exports.Files.Single(f => f.ContentType == NetmeraExports.XlsxType).Name;
        using var standaloneXlsx = new MemoryStream();
        await standalone.WriteAsync(xlsx, standaloneXlsx);
        static string Cells(byte[] bytes) => JsonSerializer.Serialize(MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values));
        Assert.Equal(Cells(await fixture.DownloadAsync(xlsx)), Cells(standaloneXlsx.ToArray()));
    }
}
