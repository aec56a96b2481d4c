using Migration.Netmera.Exports;
using static Migration.Netmera.Tests.Exports.Fixtures;

namespace Migration.Netmera.Tests.Exports;

/// <summary>Telling files apart by name and header, and saying why when a file is not one this product reads.</summary>
public sealed class ExportCatalogTests
{
    private static readonly NetmeraExportCatalog Catalog = new();

    [Theory]
    [InlineData("netmera_users_export_20240501.csv", "Email,External ID,MSISDN,Name,Device Count", ExportFileKind.PanelUsers)]
    [InlineData("sandboxapp_EVENT_DATA_20240501_brokenpipe.csv", "External ID¦Installation ID¦Event Code¦Event Name¦Event Time¦revenue", ExportFileKind.EventData)]
    [InlineData("sandboxapp_PUSH_REPORTS_20240501.csv", "Message ID,Message Name,Sent,Failed,Clicked", ExportFileKind.PushReport)]
    [InlineData("sandboxapp_4711_PUSH_REPORTS_20240501.csv", "Message ID,External ID,Installation ID,Status,Event Time", ExportFileKind.PushReportByUser)]
    [InlineData("sandboxapp_4711_PUSH_REPORTS_20240501.csv", "Status,Fail Reason", ExportFileKind.PushReportByUser)]
    [InlineData("inventory-tags.csv", "Tag,User Count", ExportFileKind.Tags)]
    [InlineData("inventory-tag-assignments.csv", "External ID,Tag", ExportFileKind.TagAssignments)]
    [InlineData("inventory-survey-answers.csv", "External ID,Survey ID,Question ID,Option ID,Answer,Answered At", ExportFileKind.SurveyAnswers)]
    [InlineData("Surveys 2024.csv", "Survey ID,Question", ExportFileKind.Surveys)]
    [InlineData("widgets.csv", "Widget ID,Asset Name,Asset Size", ExportFileKind.Widgets)]
    [InlineData("journeys.csv", "Journey ID,Name,Steps", ExportFileKind.Journeys)]
    [InlineData("campaigns.csv", "Notification Key,Title,Message", ExportFileKind.Campaigns)]
    public async Task Files_are_recognised_by_name_and_confirmed_by_header(string name, string header, ExportFileKind kind)
    {
        var identity = await Catalog.IdentifyAsync(name, Utf8(header + "\n"));
        Assert.Equal(kind, identity.Kind);
        Assert.True(identity.IsRecognised);
        Assert.Equal(ExportFormat.Csv, identity.Format);
        Assert.Contains("name", identity.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("export (3).csv", "External ID;Event Name;Timestamp;screen", ExportFileKind.EventData)]
    [InlineData("export (3).csv", "Widget ID,Widget Name,Asset Name,Asset Size", ExportFileKind.Widgets)]
    [InlineData("export (3).csv", "Journey ID,Name,Steps", ExportFileKind.Journeys)]
    [InlineData("export (3).csv", "Survey ID,Survey Name", ExportFileKind.Surveys)]
    [InlineData("export (3).csv", "External ID,Survey ID,Question ID,Answer", ExportFileKind.SurveyAnswers)]
    [InlineData("export (3).csv", "External ID,Tags", ExportFileKind.TagAssignments)]
    [InlineData("export (3).csv", "Tag,User Count", ExportFileKind.Tags)]
    [InlineData("export (3).csv", "Message ID,Title,Message,Sent", ExportFileKind.Campaigns)]
    [InlineData("export (3).csv", "External ID,Email,Tag,Favourite Colour", ExportFileKind.PanelUsers)]
    [InlineData("export (3).csv", "External ID", ExportFileKind.PanelUsers)]
    public async Task A_file_named_by_nothing_is_recognised_by_a_header_only_one_kind_explains(string name, string header, ExportFileKind kind)
    {
        var identity = await Catalog.IdentifyAsync(name, Utf8(header + "\n"));
        Assert.Equal(kind, identity.Kind);
        Assert.Contains("header", identity.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events.csv", "External ID,Name\n", "'Timestamp' column")]
    [InlineData("report.csv", "Email,MSISDN,Name\n", "no External ID column")]
    [InlineData("report.csv", "foo,bar\n", "Neither the name nor the header")]
    [InlineData("app_PUSH_REPORTS_20240101.csv", "Name,Opened At\n", "neither External ID")]
    [InlineData("users.xls", "", ".xls")]
    [InlineData("manual.pdf", "", "'.pdf'")]
    [InlineData("users.csv", "", "empty")]
    [InlineData("users.csv", "External ID,,Name\n", "no name")]
    [InlineData("inventory-tags.json", "[]", "export it as CSV or XLSX")]
    [InlineData("notes.json", "[]", "names no inventory")]
    [InlineData("inventory-widgets.json", "[{\"name\":\"x\"}]", "has no id")]
    public async Task Files_this_product_does_not_read_are_reported_with_a_reason(string name, string content, string reason)
    {
        var identity = await Catalog.IdentifyAsync(name, Utf8(content));
        Assert.Equal(ExportFileKind.Unrecognised, identity.Kind);
        Assert.False(identity.IsRecognised);
        Assert.Contains(reason, identity.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delimiter_and_columns_are_reported()
    {
        var identity = await Catalog.IdentifyAsync("x_EVENT_DATA_20240101_tilde.csv", Utf8(" External ID ~Event Name~Event Time~~\n", bom: true));
        Assert.Equal(('~', ExportFileKind.EventData), (identity.Delimiter, identity.Kind));
        Assert.Equal(["External ID", "Event Name", "Event Time"], identity.Columns);
    }

    [Fact]
    public async Task JSON_inventories_are_recognised_by_name_and_their_first_object()
    {
        var identity = await Catalog.IdentifyAsync("inventory-journeys.json", Utf8("""[{"id":1,"name":"a","steps":[]}]"""));
        Assert.Equal((ExportFileKind.Journeys, ExportFormat.Json), (identity.Kind, identity.Format));
        Assert.Equal(["id", "name", "steps"], identity.Columns);
    }

    [Fact]
    public async Task XLSX_files_are_identified_from_their_first_row()
    {
        var identity = await Catalog.IdentifyAsync("netmera_users_export_20240501.xlsx", new ForwardOnlyStream(Xlsx(["Email", "External ID", "Name"], ["a@b.co", "u1", "A"])));
        Assert.Equal((ExportFileKind.PanelUsers, ExportFormat.Xlsx), (identity.Kind, identity.Format));
    }

    [Fact]
    public async Task Identifying_reads_the_header_not_the_file()
    {
        var stream = new GeneratedCsvStream("External ID|Event Name|Timestamp", i => $"u{i}|Login|1700000000000", 5_000_000);
        var identity = await Catalog.IdentifyAsync("x_EVENT_DATA_20240101.csv", stream);
        Assert.Equal(ExportFileKind.EventData, identity.Kind);
        Assert.True(stream.BytesRead < 64 * 1024, $"read {stream.BytesRead:N0} bytes");
    }

    [Fact]
    public void Identify_is_a_pure_function_of_name_and_header()
    {
        Assert.Equal(ExportFileKind.SurveyAnswers, NetmeraExportCatalog.Identify("survey_answers.xlsx", ["External ID", "Survey ID", "Question ID", "Answer"]).Kind);
        Assert.Equal(ExportFileKind.Unrecognised, NetmeraExportCatalog.Identify("survey_answers.xlsx", ["External ID", "Survey ID"]).Kind);
    }
}
