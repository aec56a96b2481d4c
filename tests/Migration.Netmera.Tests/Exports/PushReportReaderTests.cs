using Migration.Domain.Source;
using Migration.Netmera.Exports;
using static Migration.Netmera.Tests.Exports.Fixtures;

namespace Migration.Netmera.Tests.Exports;

/// <summary>FTP push reports: the campaign summary and the External ID breakdown.</summary>
public sealed class PushReportReaderTests
{
    [Fact]
    public async Task A_summary_report_gives_one_campaign_per_key_with_its_counts_and_other_metrics()
    {
        var csv = "Message ID,Message Name,Channel,Status,Send Date,Title,Recipients,Sent,Failed,Delivered,Shown,Clicked,Conversions\n" +
                  "101,\"Kış İndirimi, %20\",PUSH,finished,2024-01-10T09:00:00.000Z,Soğuk mu?,1200,\"1,150\",50,1000,,300,12\n" +
                  "102,Newsletter,EMAIL,SENDING,1704877200000,,10,10,0,9,4,2,0\n";
        var rows = await All(Reader.ReadCampaignsAsync(Utf8(csv), "sandboxapp_PUSH_REPORTS_20240111.csv"));

        var campaigns = rows.Records();
        Assert.Empty(rows.Rejects());
        Assert.Equal(["101", "102"], campaigns.Select(c => c.Key));
        var winter = campaigns[0];
        Assert.Equal(("Kış İndirimi, %20", "PUSH", "FINISHED", "Soğuk mu?"), (winter.Name, winter.Type, winter.Status, winter.Title));
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 9, 0, 0, TimeSpan.Zero), winter.Start);
        Assert.Equal([new CampaignPlatformStats("ALL", 1150, 50, 300)], winter.Stats);
        Assert.Equal(1200, winter.Metrics["Recipients"]);
        Assert.Equal(1000, winter.Metrics["Delivered"]);
        Assert.Equal(12, winter.Metrics["Conversions"]);
        Assert.False(winter.Metrics.ContainsKey("Shown"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1704877200000), campaigns[1].Start);
    }

    [Fact]
    public async Task Consecutive_rows_of_one_key_merge_by_platform_and_a_bad_count_rejects_only_its_row()
    {
        var csv = "Notification Key|Platform|Sent|Failed|Clicked\n" +
                  "7|IOS|100|5|35\n" +
                  "7|Android|300|25|98\n" +
                  "7|android|10|0|2\n" +
                  "7|WP|many|1|23\n" +
                  "8||4|0|1\n" +
                  "7|IOS|1|0|0\n";
        var rows = await All(Reader.ReadCampaignsAsync(Utf8(csv), "campaigns.csv"));

        var campaigns = rows.Records();
        Assert.Equal(["7", "8", "7"], campaigns.Select(c => c.Key));
        Assert.Equal([new CampaignPlatformStats("IOS", 100, 5, 35), new("ANDROID", 310, 25, 100)], campaigns[0].Stats);
        Assert.Equal([new CampaignPlatformStats("ALL", 4, 0, 1)], campaigns[1].Stats);
        Assert.Equal([2L, 6, 7], rows.Where(r => !r.IsRejected).Select(r => r.Row));
        var reject = Assert.Single(rows.Rejects());
        Assert.Equal((5L, ExportRejectCodes.InvalidNumber), (reject.Row, reject.Code));
        Assert.Contains("Sent", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_inventory_keeps_other_text_as_details_and_numbers_as_metrics()
    {
        var csv = "Notification Key;Channel;Type;Category;Conversions;Title\n9;PUSH;RECURRING;Promotions;4;İftar 🌙\n9;;ONE_TIME;Other;3;\n";
        var campaign = Assert.Single((await All(Reader.ReadCampaignsAsync(Utf8(csv), "campaigns.csv"))).Records());
        Assert.Equal(("PUSH", "İftar 🌙"), (campaign.Type, campaign.Title));
        Assert.Equal("RECURRING", campaign.Details["Type"]);
        Assert.Equal("Promotions", campaign.Details["Category"]);
        Assert.Equal(7, campaign.Metrics["Conversions"]);
        Assert.Empty(campaign.Stats);
    }

    [Fact]
    public async Task A_summary_without_a_key_column_or_message_id_in_its_name_cannot_be_read()
    {
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(() =>
            All(Reader.ReadCampaignsAsync(Utf8("Name,Sent\nx,1\n"), "app_PUSH_REPORTS_20240101.csv")));
        Assert.Contains("Notification Key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_External_ID_breakdown_gives_delivery_rows_keyed_by_the_message_in_the_file_name()
    {
        var csv = "External ID,Installation ID,Platform,Status,Error Code,Error Message,Event Time\n" +
                  "u1,i1,IOS,failed,8,INVALID_TOKEN,2024-01-31T10:00:00.000Z\n" +
                  ",i2,ANDROID,SUCCESS,,,1706695200000\n" +
                  "u3,i3,ANDROID,clicked,,,\n" +
                  "u4,i4,IOS,SHOWN,,,31/01/2024\n";
        var rows = await All(Reader.ReadPushResultsAsync(Utf8(csv), "sandboxapp_4711_PUSH_REPORTS_20240131.csv"));

        var results = rows.Records();
        Assert.All(results, r => Assert.Equal("4711", r.NotificationKey));
        Assert.Equal(["u1", null, "u3"], results.Select(r => r.ExtId));
        Assert.Equal(["FAILED", "SUCCESS", "CLICKED"], results.Select(r => r.Status));
        Assert.Equal(("8", "INVALID_TOKEN"), (results[0].ErrorCode, results[0].Error));
        Assert.Equal(new DateTimeOffset(2024, 1, 31, 10, 0, 0, TimeSpan.Zero), results[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 1, 31, 0, 0, 0, TimeSpan.Zero), results[2].Timestamp);
        var reject = Assert.Single(rows.Rejects());
        Assert.Equal((5L, ExportRejectCodes.InvalidTimestamp), (reject.Row, reject.Code));
    }

    [Fact]
    public async Task A_failed_users_export_without_status_reads_failures_from_the_fail_reason()
    {
        var csv = "Notification Key,External ID,Fail Reason,Date\n55,u1,NOT_REGISTERED,2024-02-02\n55,u2,,2024-02-02\n";
        var results = (await All(Reader.ReadPushResultsAsync(Utf8(csv), "failed.csv"))).Records();
        Assert.Equal(["FAILED", "SENT"], results.Select(r => r.Status));
        Assert.Equal("NOT_REGISTERED", results[0].Error);
    }

    [Fact]
    public async Task A_breakdown_without_time_or_report_date_rejects_its_rows()
    {
        var rows = await All(Reader.ReadPushResultsAsync(Utf8("Message ID,External ID,Status\n9,u1,SUCCESS\n"), "deliveries.csv"));
        Assert.Equal(ExportRejectCodes.InvalidTimestamp, Assert.Single(rows.Rejects()).Code);
    }

    [Theory]
    [InlineData("app_PUSH_REPORTS_20240131.csv", "app", null, "2024-01-31")]
    [InlineData("app_123_PUSH_REPORTS_2024-01-31.xlsx", "app", "123", "2024-01-31")]
    [InlineData("APP_9_push_reports_31012024", "APP", "9", null)]
    [InlineData("app_PUSH_REPORTS", "app", null, null)]
    public void Push_report_names_are_read(string name, string app, string? message, string? date)
    {
        var parsed = PushReportName.TryParse(name);
        Assert.NotNull(parsed);
        Assert.Equal((app, message, date is null ? (DateOnly?)null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)),
            (parsed.AppKey, parsed.MessageId, parsed.Date));
        Assert.Null(PushReportName.TryParse("campaigns.csv"));
    }
}
