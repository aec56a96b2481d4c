using System.Text;
using System.Text.Json;
using Migration.Domain.Handover;
using Migration.Domain.Ledger;
using Migration.Domain.Source;

namespace Migration.Domain.Tests;

/// <summary>
/// The handover renderers: each artifact lists what its inventory holds, says what Pipedrive cannot do, flags what the rules
/// flag, and says so when its input is missing or unreadable instead of looking like "nothing to rebuild".
/// </summary>
public class HandoverTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Inventory<T> From<T>(params T[] records) => new(["inventory.json"], records);

    /// <summary>RFC 4180 records (quoted fields may hold commas, quotes and line breaks), header included.</summary>
    private static List<List<string>> Csv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { record.Add(field.ToString()); field.Clear(); records.Add(record); record = []; }
            else field.Append(c);
        }
        Assert.Empty(record); // every record ends with a line break
        return records;
    }

    private static Dictionary<string, string> Row(List<List<string>> csv, int index) =>
        csv[0].Zip(csv[index]).ToDictionary(p => p.First, p => p.Second);

    [Fact]
    public void The_journey_inventory_lists_every_step_in_order_and_says_conversions_count_once_per_user()
    {
        var journeys = From(
            new SourceJourney("1", "Onboarding", "ACTIVE", "event n:rg (Register)", ["WAIT: wait 1 hour", "SEND_PUSH: push \"Hoş geldin, {{name}}!\"", "ADD_TAG: tag early-adopter"], ["n:ph"]),
            new SourceJourney("2", "Birthday", "DRAFT", null, [], []));

        var document = JourneyInventory.Render("run-1", At, journeys);

        var csv = Csv(document.Csv);
        Assert.Equal(1 + 3 + 1, csv.Count); // header, three steps, one row for the journey without steps
        Assert.Equal(["1", "2", "3"], csv.Skip(1).Take(3).Select(r => r[4]));
        var push = Row(csv, 2);
        Assert.Equal(("SEND_PUSH", "push \"Hoş geldin, {{name}}!\"", "one per user per journey"), (push["step_type"], push["step"], push["conversion_counting"]));
        Assert.Contains("Pipedrive sends no push", push["rebuild_in"], StringComparison.Ordinal);
        Assert.Contains("one conversion per user per journey", document.Markdown, StringComparison.Ordinal);
        Assert.Contains("cannot be created through its API", document.Markdown, StringComparison.Ordinal);
        Assert.Contains("not given in the inventory", document.Markdown, StringComparison.Ordinal); // journey 2 has no entry condition
        Assert.Equal((2L, false, false), (document.Entry.Count, document.Entry.IsEmpty, document.Entry.NotProvided));
    }

    [Fact]
    public void A_missing_inventory_says_the_operator_provided_none_and_an_unreadable_one_says_its_rows_were_rejected()
    {
        var missing = JourneyInventory.Render("run-1", At, Inventory<SourceJourney>.NotProvided);
        var unreadable = WidgetAssetInventory.Render("run-1", At, new Inventory<SourceWidget>(["widgets.csv"], []));

        Assert.Contains("This list is empty", missing.Markdown, StringComparison.Ordinal);
        Assert.Contains("the operator provided no journey inventory file", missing.Markdown, StringComparison.Ordinal);
        Assert.Single(Csv(missing.Csv)); // the header only
        Assert.True(missing.Entry.NotProvided);
        Assert.Contains("widgets.csv", unreadable.Markdown, StringComparison.Ordinal);
        Assert.Contains("held no readable widgets", unreadable.Markdown, StringComparison.Ordinal);
        Assert.Contains("rejects-extract-files.csv", unreadable.Entry.EmptyBecause, StringComparison.Ordinal);
        Assert.False(unreadable.Entry.NotProvided);
    }

    [Fact]
    public void Widget_assets_over_1_MB_for_images_and_12_MB_for_videos_are_flagged_and_the_limits_themselves_are_not()
    {
        const long Mb = 1024 * 1024;
        var widgets = From(
            new SourceWidget("301", "Welcome", "POPUP",
                [new WidgetAsset("at-limit.png", "image", Mb), new WidgetAsset("over.jpg", "image", Mb + 1), new WidgetAsset("wheel.gif", "image", 3 * Mb)]),
            new SourceWidget("303", "Video", "POPUP", [new WidgetAsset("at-limit.mp4", "video", 12 * Mb), new WidgetAsset("long.mp4", "video", 12 * Mb + 1)]),
            new SourceWidget("304", "NPS", "SURVEY", []),
            new SourceWidget("307", "Docs", "BANNER", [new WidgetAsset("terms.pdf", "file", 40 * Mb)]));

        var document = WidgetAssetInventory.Render("run-1", At, widgets);

        var csv = Csv(document.Csv);
        var flagged = csv.Skip(1).Where(r => r[8] == "yes").Select(r => r[3]).ToList();
        Assert.Equal(["over.jpg", "wheel.gif", "long.mp4"], flagged);
        var pdf = Row(csv, csv.FindIndex(r => r[3] == "terms.pdf"));
        Assert.Equal(("no", "no size limit for this kind"), (pdf["over_limit"], pdf["flag"]));
        Assert.Equal("no assets listed", Row(csv, csv.FindIndex(r => r[0] == "304"))["flag"]);
        Assert.Equal((4L, "widgets (6 assets, 3 over the size limits)"), (document.Entry.Count, document.Entry.Counted));
        Assert.Contains("Pipedrive has no in-app messaging", document.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_campaign_sheet_merges_files_by_key_names_the_deal_and_marks_what_must_be_recreated()
    {
        var inventory = new SourceCampaign[]
        {
            new() { Key = "700", Name = "Yaz İndirimi #1", Type = "PUSH", Status = "SENDING", Start = At.AddDays(-2),
                Details = new Dictionary<string, string> { ["type"] = "ONE_TIME", ["conversionEvent"] = "n:ph" } },
            new() { Key = "705", Name = "Weekly", Type = "EMAIL", Status = "FINISHED", Start = At.AddDays(-9),
                Details = new Dictionary<string, string> { ["type"] = "RECURRING", ["schedule.recurrence"] = "every Monday 10:00" } },
            new() { Key = "790", Name = "Draft", Type = "SMS", Status = "DRAFT" },
        };
        var report = new SourceCampaign[] { new() { Key = "700", Status = "FINISHED", Stats = [new("IOS", 100, 2, 30), new("ANDROID", 50, 1, 10)], Metrics = new Dictionary<string, long> { ["Delivered"] = 140 } } };
        var merged = Domain.Campaigns.CampaignMerge.Merge([inventory, report]);

        var document = CampaignReferenceSheet.Render("run-1", At, new Inventory<SourceCampaign>(["inventory-campaigns.json", "PUSH_REPORTS.csv"], merged),
            new Dictionary<string, long> { ["700"] = 9001 });

        var csv = Csv(document.Csv);
        Assert.Equal(4, csv.Count);
        var sale = Row(csv, 1);
        Assert.Equal(("FINISHED", "150", "40", "Delivered=140", "9001", "n:ph", "no"),
            (sale["status"], sale["sent"], sale["clicked"], sale["metrics"], sale["pipedrive_deal_id"], sale["conversion_event"], sale["needs_recreating"]));
        var weekly = Row(csv, 2);
        Assert.Equal(("RECURRING", "yes", ""), (weekly["type"], weekly["needs_recreating"], weekly["pipedrive_deal_id"]));
        Assert.StartsWith("recurring: every Monday 10:00", weekly["schedule"], StringComparison.Ordinal);
        Assert.Equal(("not scheduled (draft)", "yes"), (Row(csv, 3)["schedule"], Row(csv, 3)["needs_recreating"]));
        Assert.Equal("campaigns (2 to re-create)", document.Entry.Counted);
        Assert.Contains("Pipedrive sends no push or SMS", document.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_survey_inventory_has_a_row_per_question_with_format_trigger_and_options()
    {
        var surveys = From(
            new SourceSurvey("402", "Ürün tercihleri", "FULL_SCREEN", "screen view \"Kategoriler\"",
                [new SurveyQuestion("q1", "Hangi kategorileri seviyorsunuz?", "MULTIPLE_CHOICE", ["Elektronik", "Ev & Yaşam"]), new SurveyQuestion("q2", "Eklemek istedikleriniz?", "TEXT", [])]),
            new SourceSurvey("403", "Delivery", null, null, []));

        var document = SurveyInventory.Render("run-1", At, surveys);

        var csv = Csv(document.Csv);
        Assert.Equal(4, csv.Count);
        var q1 = Row(csv, 1);
        Assert.Equal(("FULL_SCREEN", "screen view \"Kategoriler\"", "Elektronik | Ev & Yaşam"), (q1["format"], q1["trigger"], q1["options"]));
        Assert.Contains("not given in the inventory: read it in the Netmera panel", document.Markdown, StringComparison.Ordinal);
        Assert.Equal("surveys (2 questions)", document.Entry.Counted);
    }

    private static SourceUser User(string id, string? email, string? msisdn, params SourceDevice[] devices) =>
        new() { ExtId = id, Email = email, Msisdn = msisdn, Devices = devices };

    private static LedgerEntry Created(string id, long person) => new() { SourceId = id, State = LedgerState.Created, TargetId = person };

    private static LedgerEntry Rejected(string id, string code) => new() { SourceId = id, State = LedgerState.Rejected, ReasonCode = code };

    [Fact]
    public void Users_without_a_usable_email_are_listed_with_their_outcome_and_counted_and_no_address_is_written()
    {
        var csv = new StringBuilder(UsersWithoutEmail.CsvHeader);
        var tally = new Dictionary<string, long>();
        UsersWithoutEmail.AppendRow(csv, tally, User("u1", "ok@example.com", null), Created("u1", 1));
        UsersWithoutEmail.AppendRow(csv, tally, User("u2", null, "+90 532 123 4567"), Created("u2", 2));
        UsersWithoutEmail.AppendRow(csv, tally, User("u3", "  ", null), Rejected("u3", "no_contact"));
        UsersWithoutEmail.AppendRow(csv, tally, User("u4", "ali@@example", "905321234567"), Rejected("u4", "invalid_email"));
        UsersWithoutEmail.AppendRow(csv, tally, User("u5", null, null), null);

        var rows = Csv(csv.ToString());
        Assert.Equal(["u2", "u3", "u4", "u5"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal(("absent", "yes", "migrated", "2"), (Row(rows, 1)["email"], Row(rows, 1)["has_phone"], Row(rows, 1)["outcome"], Row(rows, 1)["pipedrive_person_id"]));
        Assert.Equal(("invalid", "rejected", "invalid_email"), (Row(rows, 3)["email"], Row(rows, 3)["outcome"], Row(rows, 3)["reason_code"]));
        Assert.Equal("not_loaded", Row(rows, 4)["outcome"]);
        Assert.DoesNotContain("ali@@example", csv.ToString(), StringComparison.Ordinal);

        var document = UsersWithoutEmail.Render("run-1", At, new Tally(tally), stagedUsers: 5);
        Assert.Equal((4L, "users (1 in Pipedrive without email, 2 rejected)"), (document.Entry.Count, document.Entry.Counted));
        Assert.Contains("| migrated: a person in Pipedrive without email | 1 | 0 | 1 |", document.Markdown, StringComparison.Ordinal);
        Assert.Contains("every staged user has a valid email", UsersWithoutEmail.Render("run-1", At, Tally.Empty, 5).Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_tokens_are_listed_per_device_by_a_hash_never_the_token_with_how_each_user_can_be_asked_again()
    {
        const string token = "fcm-token-ABCDEF-123456";
        var csv = new StringBuilder(PushTokenReference.CsvHeader);
        var tally = new Dictionary<string, long>();
        PushTokenReference.AppendRows(csv, tally, User("u1", "a@example.com", null,
            new SourceDevice { Platform = "IOS", Token = token, PushPermitted = true, InstallationId = "i1" },
            new SourceDevice { Platform = "ANDROID", Token = null }), Created("u1", 11));
        PushTokenReference.AppendRows(csv, tally, User("u2", null, "905321234567", new SourceDevice { Platform = "chrome", Token = "web-1", PushPermitted = false }), Created("u2", 12));
        PushTokenReference.AppendRows(csv, tally, User("u3", null, null, new SourceDevice { Platform = "ANDROID", Token = "t3" }), Rejected("u3", "no_contact"));

        var text = csv.ToString();
        var rows = Csv(text);
        Assert.Equal(4, rows.Count); // the device without a token is not listed
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.Equal(PushTokenReference.TokenRef(token), Row(rows, 1)["token_ref"]);
        Assert.NotEqual(PushTokenReference.TokenRef("t3"), PushTokenReference.TokenRef("web-1"));
        Assert.Equal(["email", "phone", "in-app only"], rows.Skip(1).Select(r => r[9]));
        Assert.Equal(("CHROME", "no", "12"), (Row(rows, 2)["platform"], Row(rows, 2)["push_permitted"], Row(rows, 2)["pipedrive_person_id"]));

        var document = PushTokenReference.Render("run-1", At, new Tally(tally), stagedUsers: 3, tokensMoved: true);
        Assert.Equal((3L, "devices with a push token (1 with push allowed)"), (document.Entry.Count, document.Entry.Counted));
        Assert.Contains("cannot use push tokens", document.Markdown, StringComparison.Ordinal);
        Assert.Contains("users must opt in again", document.Markdown, StringComparison.Ordinal);
        Assert.Contains("Re-opt-in planning notes", document.Markdown, StringComparison.Ordinal);
        Assert.Contains("| IOS | 1 | 1 | 1 | 0 | 0 |", document.Markdown, StringComparison.Ordinal);
        var none = PushTokenReference.Render("run-1", At, Tally.Empty, 400, tokensMoved: false);
        Assert.Contains("no staged device carries a push token", none.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checklist_has_an_item_per_thing_to_rebuild_and_one_to_fetch_each_missing_inventory_and_the_index_names_them()
    {
        var journeys = From(new SourceJourney("1", "Onboarding", "ACTIVE", "event n:rg", ["WAIT: 1 hour"], ["n:ph"]));
        var campaigns = From(new SourceCampaign { Key = "a", Status = "FINISHED" }, new SourceCampaign { Key = "b", Name = "Soon", Status = "SCHEDULED" });
        var inputs = new HandoverInputs(journeys, campaigns, Inventory<SourceWidget>.NotProvided, Inventory<SourceSurvey>.NotProvided,
            new SegmentMapSummary(3, 3, 3), PushTokens: 10, UsersWithoutEmail: 2);

        var checklist = WorkflowRebuildChecklist.Render("run-1", At, inputs);

        var items = Csv(checklist.Csv).Skip(1).Select(r => (Area: r[1], Id: r[2], Task: r[4])).ToList();
        Assert.Equal(["Journeys", "Campaigns", "Widgets", "Surveys", "Segments", "Push", "Contacts"], items.Select(i => i.Area));
        Assert.Equal("b", items[1].Id); // only the campaign still to be sent
        Assert.StartsWith("Get the widget list", items[2].Task, StringComparison.Ordinal);
        Assert.Contains("not reachable through its API", checklist.Markdown, StringComparison.Ordinal);
        Assert.Contains("- [ ] **Onboarding** (1)", checklist.Markdown, StringComparison.Ordinal);

        HandoverEntry[] entries =
        [
            JourneyInventory.Render("run-1", At, journeys).Entry,
            WidgetAssetInventory.Render("run-1", At, Inventory<SourceWidget>.NotProvided).Entry,
            SurveyInventory.Render("run-1", At, Inventory<SourceSurvey>.NotProvided).Entry,
            checklist.Entry,
        ];
        var index = HandoverIndex.Render("run-1", At, entries, new SegmentMapSummary(3, 3, 3));
        Assert.Contains("| Journey inventory | [journeys.md](journeys.md), [journeys.csv](journeys.csv) | 1 journeys (1 steps) | written |", index, StringComparison.Ordinal);
        Assert.Contains("| 0 widgets (0 assets, 0 over the size limits) | **empty**: the operator provided no widget inventory file", index, StringComparison.Ordinal);
        Assert.Contains("Not provided by the operator, so empty: widget asset inventory, survey inventory.", index, StringComparison.Ordinal);
        Assert.Contains("[segment-filter-map.md](../segment-filter-map.md)", index, StringComparison.Ordinal);
        Assert.Contains("3 segments (3 filters, 3 with something lost)", index, StringComparison.Ordinal);
    }

    [Fact]
    public void Staged_tallies_survive_the_orchestration_round_trip_and_merge_by_key()
    {
        var part = JsonSerializer.Deserialize<Dictionary<string, long>>(JsonSerializer.Serialize(new Dictionary<string, long> { ["migrated|absent"] = 2 }))!;
        var merged = Tally.Merge([new Tally(part), new Tally(new Dictionary<string, long> { ["migrated|absent"] = 1, ["rejected|invalid"] = 4 })]);
        Assert.Equal((3L, 4L, 7L), (merged["migrated|absent"], merged.Where(0, "rejected"), merged.Total));
    }
}
