using Migration.Domain.Source;
using Migration.Netmera.Exports;
using static Migration.Netmera.Tests.Exports.Fixtures;

namespace Migration.Netmera.Tests.Exports;

/// <summary>Inventory files for what REST cannot read: journeys, tags, widgets, surveys and answers, as CSV, XLSX or JSON.</summary>
public sealed class InventoryReaderTests
{
    [Fact]
    public async Task Journeys_merge_consecutive_step_rows_and_read_list_cells()
    {
        var csv = "Journey ID,Name,Status,Entry Condition,Steps,Conversion Events\n" +
                  "j1,Hoş geldin,ACTIVE,Register,Wait 1 day,Purchase\n" +
                  "j1,,,,\"Send push: \"\"Merhaba\"\"\",Purchase\n" +
                  "j1,,,,Exit,Login\n" +
                  "j2,Win-back,PAUSED,,Email | SMS | Push,\n" +
                  ",orphan,,,x,\n";
        var rows = await All(Reader.ReadJourneysAsync(Utf8(csv), "journeys.csv"));

        var journeys = rows.Records();
        Assert.Equal(2, journeys.Count);
        Assert.Equal(("j1", "Hoş geldin", "ACTIVE", "Register"), (journeys[0].Id, journeys[0].Name, journeys[0].Status, journeys[0].EntryCondition));
        Assert.Equal(["Wait 1 day", "Send push: \"Merhaba\"", "Exit"], journeys[0].Steps);
        Assert.Equal(["Purchase", "Login"], journeys[0].ConversionEvents);
        Assert.Equal(["Email", "SMS", "Push"], journeys[1].Steps);
        Assert.Empty(journeys[1].ConversionEvents);
        Assert.Equal((6L, ExportRejectCodes.MissingValue), (rows.Rejects().Single().Row, rows.Rejects().Single().Code));
    }

    [Fact]
    public async Task Journeys_in_JSON_describe_steps_by_type_and_description()
    {
        var json = """
            [{"id":12,"name":"Onboarding","status":"ACTIVE","entryCondition":"n:rg",
              "steps":[{"id":"s1","type":"WAIT","description":"1 day","next":["s2"]},{"id":"s2","type":"PUSH","description":"Hoş geldin"},"Exit"],
              "conversionEvents":["n:ph","n:ph"],"createdAt":1700000000000},
             {"name":"no id"}]
            """;
        var rows = await All(Reader.ReadJourneysAsync(Utf8(json), "inventory-journeys.json"));
        var journey = Assert.Single(rows.Records());
        Assert.Equal(("12", "Onboarding", "n:rg"), (journey.Id, journey.Name, journey.EntryCondition));
        Assert.Equal(["WAIT: 1 day", "PUSH: Hoş geldin", "Exit"], journey.Steps);
        Assert.Equal(["n:ph"], journey.ConversionEvents);
        Assert.Equal((2L, ExportRejectCodes.MissingValue), (rows.Rejects().Single().Row, rows.Rejects().Single().Code));
    }

    [Fact]
    public async Task Widgets_take_one_row_per_asset_with_sizes_in_bytes_or_units()
    {
        var csv = "Widget ID;Widget Name;Type;Asset Name;Asset Kind;Asset Size\n" +
                  "w1;Yaz Kampanyası;POPUP;hero.png;;2.5 MB\n" +
                  "w1;;;promo.mp4;VIDEO;15000000\n" +
                  "w1;;;broken.gif;;\n" +
                  "w2;Empty banner;BANNER;;;\n" +
                  "w3;Doc;POPUP;terms.pdf;;1,024\n";
        var rows = await All(Reader.ReadWidgetsAsync(Utf8(csv), "widgets.csv"));

        var widgets = rows.Records();
        Assert.Equal(["w1", "w2", "w3"], widgets.Select(w => w.Id));
        Assert.Equal([new WidgetAsset("hero.png", "image", 2_621_440), new("promo.mp4", "video", 15_000_000)], widgets[0].Assets);
        Assert.Empty(widgets[1].Assets);
        Assert.Equal(new WidgetAsset("terms.pdf", "file", 1024), Assert.Single(widgets[2].Assets));
        var reject = Assert.Single(rows.Rejects());
        Assert.Equal((4L, ExportRejectCodes.InvalidNumber), (reject.Row, reject.Code));
        Assert.Contains("Asset Size", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Widgets_in_JSON_normalise_asset_kinds()
    {
        var json = """[{"id":3,"name":"Splash","type":"POPUP","status":"ACTIVE","assets":[{"fileName":"a.gif","kind":"GIF","contentType":"image/gif","sizeBytes":2097152,"url":"https://cdn/a.gif"},{"fileName":"b.mp4","kind":"VIDEO","sizeBytes":"13 MB"}]}]""";
        var widget = Assert.Single((await All(Reader.ReadWidgetsAsync(Utf8(json), "inventory-widgets.json"))).Records());
        Assert.Equal([new WidgetAsset("a.gif", "image", 2_097_152), new("b.mp4", "video", 13L * 1024 * 1024)], widget.Assets);
    }

    [Fact]
    public async Task Surveys_take_one_row_per_question_and_number_questions_without_ids()
    {
        var csv = "Survey ID,Survey Name,Format,Trigger,Question ID,Question,Question Type,Options\n" +
                  "s1,Memnuniyet,POPUP,after purchase,q1,Nasıldı?,RATING,1|2|3|4|5\n" +
                  "s1,,,,,\"Önerir misiniz?\",SINGLE_CHOICE,\"[\"\"Evet\"\",\"\"Hayır\"\"]\"\n" +
                  "s1,,,,q9,,TEXT,\n" +
                  "s2,Empty,,,,,,\n";
        var rows = await All(Reader.ReadSurveysAsync(Utf8(csv), "surveys.csv"));

        var surveys = rows.Records();
        Assert.Equal(["s1", "s2"], surveys.Select(s => s.Id));
        var questions = surveys[0].Questions;
        Assert.Equal(["q1", "2"], questions.Select(q => q.Id));
        Assert.Equal(["1", "2", "3", "4", "5"], questions[0].Options);
        Assert.Equal(["Evet", "Hayır"], questions[1].Options);
        Assert.Equal(("POPUP", "after purchase"), (surveys[0].Format, surveys[0].Trigger));
        Assert.Empty(surveys[1].Questions);
        Assert.Equal((4L, ExportRejectCodes.MissingValue), (rows.Rejects().Single().Row, rows.Rejects().Single().Code));
    }

    [Fact]
    public async Task Surveys_in_JSON_read_option_objects_as_their_text()
    {
        var json = """{"id":5,"name":"NPS","status":"ACTIVE","startAt":1700000000000,"questions":[{"id":"q1","text":"Puan?","type":"SINGLE_CHOICE","options":[{"id":"o1","text":"İyi"},{"id":"o2","text":"Kötü"}]}]}""";
        var survey = Assert.Single((await All(Reader.ReadSurveysAsync(Utf8(json), "surveys.ndjson"))).Records());
        Assert.Equal(["İyi", "Kötü"], Assert.Single(survey.Questions).Options);
    }

    [Fact]
    public async Task Survey_answers_need_user_survey_question_and_answer()
    {
        var csv = "External ID,Survey ID,Question ID,Option ID,Answer,Answered At\n" +
                  "u1,5,q1,o1,İyi,2024-01-01T00:00:00.000Z\n" +
                  "u2,5,q1,,,2024-01-01T00:00:00.000Z\n" +
                  ",5,q1,o2,Kötü,\n";
        var rows = await All(Reader.ReadSurveyAnswersAsync(Utf8(csv), "inventory-survey-answers.csv"));
        Assert.Equal(new SourceSurveyResponse("u1", new SurveyAnswer("5", "q1", "İyi")), Assert.Single(rows.Records()));
        Assert.Equal([(3L, ExportRejectCodes.MissingValue), (4L, ExportRejectCodes.NoExternalId)], rows.Rejects().Select(r => (r.Row, r.Code)));
    }

    [Fact]
    public async Task Tags_and_their_assignments_keep_commas_and_unicode_in_names()
    {
        var tags = await All(Reader.ReadTagsAsync(Utf8("Tag,User Count\nVIP,60\n\"B2B, kurumsal\",\"1,020\"\nÖğrenci,-1\nApp Store Review ⭐,\n"), "tags.csv"));
        Assert.Equal([new SourceTag("VIP", 60), new("B2B, kurumsal", 1020), new("App Store Review ⭐", null)], tags.Records());
        Assert.Equal((4L, ExportRejectCodes.InvalidNumber), (tags.Rejects().Single().Row, tags.Rejects().Single().Code));

        var assignments = await All(Reader.ReadTagAssignmentsAsync(Utf8("External ID,Tag\nu1,\"B2B, kurumsal\"\nu1,VIP;newsletter;VIP\nu2,\n"), "tag-assignments.csv"));
        Assert.Equal([["B2B, kurumsal"], ["VIP", "newsletter"]], assignments.Records().Select(a => a.Tags));
        Assert.Equal(ExportRejectCodes.MissingValue, Assert.Single(assignments.Rejects()).Code);
    }

    [Fact]
    public async Task Campaigns_in_JSON_keep_content_schedule_and_other_settings()
    {
        var json = """
            [{"key":301,"name":"Ramazan","channel":"PUSH","type":"RECURRING","status":"scheduled",
              "schedule":{"sendAt":1710000000000,"recurrence":"every Monday 10:00"},"title":"İftar","message":"Sofranız bereketli olsun",
              "platforms":["IOS","ANDROID"],"category":"Promotions","deeplink":null,"conversionEvent":"n:ph"},
             {"key":302,"name":"Draft","channel":"EMAIL","type":"ONE_TIME","status":"DRAFT","schedule":{"sendAt":null},"title":"","message":"x"},
             {"key":303,"schedule":{"sendAt":"soon"}}]
            """;
        var rows = await All(Reader.ReadCampaignsAsync(Utf8(json), "inventory-campaigns.json"));

        var campaigns = rows.Records();
        Assert.Equal(["301", "302"], campaigns.Select(c => c.Key));
        var ramazan = campaigns[0];
        Assert.Equal(("PUSH", "SCHEDULED", "İftar", "Sofranız bereketli olsun"), (ramazan.Type, ramazan.Status, ramazan.Title, ramazan.Message));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1710000000000), ramazan.Start);
        Assert.Equal("RECURRING", ramazan.Details["type"]);
        Assert.Equal("every Monday 10:00", ramazan.Details["schedule.recurrence"]);
        Assert.Equal("IOS, ANDROID", ramazan.Details["platforms"]);
        Assert.Equal("n:ph", ramazan.Details["conversionEvent"]);
        Assert.False(ramazan.Details.ContainsKey("deeplink"));
        Assert.Null(campaigns[1].Start);
        Assert.Null(campaigns[1].Title);
        Assert.Equal((3L, ExportRejectCodes.InvalidTimestamp), (rows.Rejects().Single().Row, rows.Rejects().Single().Code));
    }

    [Fact]
    public async Task JSON_broken_half_way_fails_after_the_elements_before_it()
    {
        var read = 0;
        var error = await Assert.ThrowsAsync<NetmeraExportFormatException>(async () =>
        {
            await foreach (var row in Reader.ReadWidgetsAsync(Utf8("""[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":3,"name":"""), "widgets.json"))
                read++;
        });
        Assert.Equal(2, read);
        Assert.Contains("after element 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_XLSX_inventory_reads_like_its_CSV()
    {
        var xlsx = Xlsx(["Widget ID", "Widget Name", "Asset Name", "Asset Size"], [101d, "Banner", "b.jpg", 2048d], [101d, null, "c.webm", 4096d]);
        var widget = Assert.Single((await All(Reader.ReadWidgetsAsync(xlsx, "widgets.xlsx"))).Records());
        Assert.Equal("101", widget.Id);
        Assert.Equal([new WidgetAsset("b.jpg", "image", 2048), new("c.webm", "video", 4096)], widget.Assets);
    }
}
