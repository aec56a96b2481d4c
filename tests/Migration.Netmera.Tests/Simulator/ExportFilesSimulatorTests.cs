using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Migration.Domain.Source;
using Migration.Netmera.Exports;

namespace Migration.Netmera.Tests.Simulator;

/// <summary>
/// Every export file the simulator serves (<c>/_sandbox/exports</c>), downloaded as a stream, recognised by the
/// catalog and read back to the simulator's ground truth.
/// </summary>
public sealed class ExportFilesSimulatorTests(ExportSimulatorFixture fixture) : IClassFixture<ExportSimulatorFixture>
{
    private static readonly NetmeraExportCatalog Catalog = new();
    private static readonly NetmeraExportReader Reader = new();

    private static readonly Dictionary<string, ExportFileKind> KindsBySimulatorName = new(StringComparer.Ordinal)
    {
        ["panel-users"] = ExportFileKind.PanelUsers,
        ["event-data"] = ExportFileKind.EventData,
        ["push-report"] = ExportFileKind.PushReport,
        ["push-report-breakdown"] = ExportFileKind.PushReportByUser,
        ["campaign-inventory"] = ExportFileKind.Campaigns,
        ["journey-inventory"] = ExportFileKind.Journeys,
        ["widget-inventory"] = ExportFileKind.Widgets,
        ["survey-inventory"] = ExportFileKind.Surveys,
        ["survey-answers"] = ExportFileKind.SurveyAnswers,
        ["tag-inventory"] = ExportFileKind.Tags,
        ["tag-assignments"] = ExportFileKind.TagAssignments,
    };

    private async Task<List<JsonObject>> ListingAsync() =>
        (await fixture.Admin.GetFromJsonAsync<JsonArray>("/_sandbox/exports"))!.Select(f => f!.AsObject()).ToList();

    private async Task<List<string>> NamesAsync(string kind) =>
        (await ListingAsync()).Where(f => f["kind"]!.GetValue<string>() == kind).Select(f => f["name"]!.GetValue<string>()).ToList();

    /// <summary>The file as the network gives it: forward-only, read once.</summary>
    private Task<Stream> DownloadAsync(string name) => fixture.Admin.GetStreamAsync("/_sandbox/exports/" + Uri.EscapeDataString(name));

    private async Task<List<ExportRow<T>>> ReadAsync<T>(string name, Func<Stream, string, IAsyncEnumerable<ExportRow<T>>> read)
        where T : class
    {
        await using var stream = await DownloadAsync(name);
        var rows = new List<ExportRow<T>>();
        await foreach (var row in read(stream, name))
            rows.Add(row);
        return rows;
    }

    [Fact]
    public async Task Every_served_file_is_recognised_as_the_kind_the_simulator_says()
    {
        var listing = await ListingAsync();
        Assert.Equal(KindsBySimulatorName.Keys.Order(), listing.Select(f => f["kind"]!.GetValue<string>()).Distinct().Order());
        foreach (var file in listing)
        {
            var name = file["name"]!.GetValue<string>();
            await using var stream = await DownloadAsync(name);
            var identity = await Catalog.IdentifyAsync(name, stream);
            Assert.True(identity.IsRecognised, $"{name}: {identity.Reason}");
            Assert.Equal(KindsBySimulatorName[file["kind"]!.GetValue<string>()], identity.Kind);
            if (file["delimiter"]?.GetValue<string>() is { } delimiter)
                Assert.Equal(delimiter[0], identity.Delimiter);
        }
    }

    [Fact]
    public async Task The_panel_user_exports_CSV_and_XLSX_read_back_to_every_user()
    {
        var truth = await fixture.UsersAsync();
        var definitions = await fixture.Client().GetProfileAttributeDefinitionsAsync(CancellationToken.None);
        var names = await NamesAsync("panel-users");
        Assert.Equal(2, names.Count);

        foreach (var name in names)
        {
            var rows = await ReadAsync<SourceUser>(name, (s, n) => Reader.ReadUsersAsync(s, n, definitions));
            Assert.DoesNotContain(rows, r => r.IsRejected);
            var users = rows.Select(r => r.Record!).ToList();
            Assert.Equal(truth.Count, users.Count);
            for (var i = 0; i < users.Count; i++)
            {
                var user = users[i];
                var expected = truth[i];
                Assert.Equal(expected["extId"]!.GetValue<string>(), user.ExtId);
                Assert.Equal(expected["email"]?.GetValue<string>(), user.Email);
                Assert.Equal(expected["msisdn"]?.GetValue<string>(), user.Msisdn);
                Assert.Equal(expected["name"]?.GetValue<string>(), user.ProfileText("name"));
                Assert.Equal(expected["surname"]?.GetValue<string>(), user.ProfileText("surname"));
                Assert.Equal(expected["devices"]!.AsArray().Select(d => d!["platform"]!.GetValue<string>()), user.Devices.Select(d => d.Platform));
                Assert.Equal(expected["devices"]!.AsArray().Select(d => d!["deviceModel"]!.GetValue<string>()), user.Devices.Select(d => d.DeviceModel));
            }
        }
    }

    [Fact]
    public async Task Panel_profile_values_match_what_getProfileAttributes_returns()
    {
        var client = fixture.Client();
        var definitions = await client.GetProfileAttributeDefinitionsAsync(CancellationToken.None);
        var name = (await NamesAsync("panel-users")).Single(n => n.EndsWith(".csv", StringComparison.Ordinal));
        var users = (await ReadAsync<SourceUser>(name, (s, n) => Reader.ReadUsersAsync(s, n, definitions))).Select(r => r.Record!).Take(80).ToList();

        foreach (var user in users)
        {
            var rest = (await client.GetProfileAsync(user.ExtId, CancellationToken.None))!;
            foreach (var code in new[] { "name", "surname", "city", "country", "language", "isSubscribed", "dateOfBirth", "signupDate", "gender" })
            {
                Assert.Equal(rest.ContainsKey(code), user.Profile.ContainsKey(code));
                if (rest.TryGetValue(code, out var value))
                    Assert.True(System.Text.Json.JsonElement.DeepEquals(value, user.Profile[code]), $"{code}: {value.GetRawText()} vs {user.Profile[code].GetRawText()}");
            }
            if (rest.TryGetValue("favoriteCategories", out var categories))
                Assert.Equal(categories.EnumerateArray().Select(c => c.GetString()), user.Profile["favoriteCategories"].EnumerateArray().Select(c => c.GetString()));
            if (rest.TryGetValue("loyaltyPoints", out var points))
                Assert.Equal(decimal.Parse(points.ToString(), CultureInfo.InvariantCulture), user.Profile["loyaltyPoints"].GetDecimal());
        }
    }

    [Fact]
    public async Task Every_event_data_file_whatever_its_delimiter_reads_back_to_the_event_truth()
    {
        var truth = (await fixture.TruthAsync())["events"]!.AsObject();
        var total = truth["total"]!.GetValue<long>();
        var anonymous = truth["withoutExternalId"]!.GetValue<long>();
        var byName = truth["byEvent"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["count"]!.GetValue<long>());
        var names = await NamesAsync("event-data");
        Assert.Equal(6, names.Count);

        List<string>? first = null;
        foreach (var name in names)
        {
            var rows = await ReadAsync<SourceEvent>(name, (s, n) => Reader.ReadEventsAsync(s, n));
            Assert.Equal(total, rows.Count);
            Assert.Equal(anonymous, rows.Count(r => r.IsRejected));
            Assert.All(rows.Where(r => r.IsRejected), r => Assert.Equal(ExportRejectCodes.NoExternalId, r.Reject!.Code));
            var events = rows.Where(r => !r.IsRejected).Select(r => r.Record!).ToList();
            Assert.All(byName, e => Assert.InRange(events.LongCount(x => x.Name == e.Key), e.Value - anonymous, e.Value));

            // The same events, attribute for attribute, whichever delimiter carried them.
            var flat = events.Select(e => $"{e.ExtId}|{e.Name}|{e.Timestamp:O}|{string.Join(";", e.Attributes.Select(a => a.Key + "=" + a.Value))}").ToList();
            first ??= flat;
            Assert.Equal(first, flat);
            Assert.Contains(events, e => e.Attributes.Values.Any(v => v.Contains('~', StringComparison.Ordinal) || v.Contains('|', StringComparison.Ordinal) || v.Contains(',', StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task The_push_report_gives_each_sent_campaign_with_the_truths_totals()
    {
        var truth = await fixture.TruthAsync();
        var byKey = truth["campaigns"]!["byKey"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => c["key"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture));
        var name = Assert.Single(await NamesAsync("push-report"));

        var rows = await ReadAsync<SourceCampaign>(name, (s, n) => Reader.ReadCampaignsAsync(s, n));
        Assert.DoesNotContain(rows, r => r.IsRejected);
        var campaigns = rows.Select(r => r.Record!).ToList();
        Assert.Equal(truth["campaigns"]!["sentKeys"]!.AsArray().Select(k => k!.GetValue<int>().ToString(CultureInfo.InvariantCulture)), campaigns.Select(c => c.Key));
        foreach (var campaign in campaigns)
        {
            var expected = byKey[campaign.Key];
            var platforms = expected["stats"]!["platforms"]!.AsArray();
            long Sum(string field) => platforms.Sum(p => (long)p![field]!.GetValue<int>());
            var all = Assert.Single(campaign.Stats);
            Assert.Equal(("ALL", Sum("sent"), Sum("failed"), Sum("clicked")), (all.Platform, all.Sent, all.Failed, all.Clicked));
            Assert.Equal(expected["name"]!.GetValue<string>(), campaign.Name);
            Assert.Equal(expected["channel"]!.GetValue<string>(), campaign.Type);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expected["sendAt"]!.GetValue<long>()), campaign.Start);
            Assert.Equal(expected["stats"]!["conversions"]!.GetValue<int>(), campaign.Metrics["Conversions"]);
            Assert.Equal(Sum("delivered"), campaign.Metrics["Delivered"]);
        }
    }

    [Fact]
    public async Task Each_push_report_breakdown_holds_the_campaigns_delivery_rows()
    {
        var truth = await fixture.TruthAsync();
        var byKey = truth["campaigns"]!["byKey"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => c["key"]!.GetValue<int>());
        var files = (await ListingAsync()).Where(f => f["kind"]!.GetValue<string>() == "push-report-breakdown").ToList();
        Assert.Equal(truth["campaigns"]!["sentKeys"]!.AsArray().Count, files.Count);

        foreach (var file in files.Take(8))
        {
            var key = file["notificationKey"]!.GetValue<int>();
            var rows = await ReadAsync<SourcePushResult>(file["name"]!.GetValue<string>(), (s, n) => Reader.ReadPushResultsAsync(s, n));
            Assert.DoesNotContain(rows, r => r.IsRejected);
            var results = rows.Select(r => r.Record!).ToList();
            Assert.Equal(byKey[key]["stats"]!["rows"]!.GetValue<int>(), results.Count);
            Assert.All(results, r => Assert.Equal(key.ToString(CultureInfo.InvariantCulture), r.NotificationKey));
            var platforms = byKey[key]["stats"]!["platforms"]!.AsArray();
            Assert.Equal(platforms.Sum(p => p!["failed"]!.GetValue<int>()), results.Count(r => r.Status == "FAILED"));
        }
    }

    [Fact]
    public async Task Inventories_read_back_to_the_catalog()
    {
        var truth = await fixture.TruthAsync();
        var catalog = fixture.Simulator.Catalog;

        var campaigns = await ReadAsync<SourceCampaign>(Assert.Single(await NamesAsync("campaign-inventory")), (s, n) => Reader.ReadCampaignsAsync(s, n));
        Assert.DoesNotContain(campaigns, r => r.IsRejected);
        Assert.Equal(truth["campaigns"]!["keys"]!.AsArray().Select(k => k!.GetValue<int>().ToString(CultureInfo.InvariantCulture)), campaigns.Select(c => c.Record!.Key));
        Assert.Equal(catalog.Campaigns.Select(c => (c.Title.Length == 0 ? null : c.Title, (string?)c.Message)), campaigns.Select(c => (c.Record!.Title, c.Record.Message)));
        Assert.Equal(catalog.Campaigns.Select(c => c.Recurrence), campaigns.Select(c => c.Record!.Details.GetValueOrDefault("schedule.recurrence")));

        var journeys = await ReadAsync<SourceJourney>(Assert.Single(await NamesAsync("journey-inventory")), (s, n) => Reader.ReadJourneysAsync(s, n));
        Assert.Equal(
            truth["journeys"]!.AsArray().Select(j => (j!["id"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), j["name"]!.GetValue<string>(), j["steps"]!.GetValue<int>())),
            journeys.Select(j => (j.Record!.Id, j.Record.Name, j.Record.Steps.Count)));

        var widgets = await ReadAsync<SourceWidget>(Assert.Single(await NamesAsync("widget-inventory")), (s, n) => Reader.ReadWidgetsAsync(s, n));
        var assets = widgets.SelectMany(w => w.Record!.Assets.Select(a => (w.Record.Id, a))).ToList();
        Assert.Equal(truth["widgets"]!["assets"]!.GetValue<int>(), assets.Count);
        foreach (var over in truth["widgets"]!["overLimit"]!.AsArray())
        {
            var asset = Assert.Single(assets, a => a.Id == over!["widgetId"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture) && a.a.Name == over["fileName"]!.GetValue<string>()).a;
            Assert.Equal(over!["sizeBytes"]!.GetValue<long>(), asset.SizeBytes);
            Assert.Equal(over["kind"]!.GetValue<string>() == "VIDEO" ? "video" : "image", asset.Kind);
        }

        var surveys = await ReadAsync<SourceSurvey>(Assert.Single(await NamesAsync("survey-inventory")), (s, n) => Reader.ReadSurveysAsync(s, n));
        Assert.Equal(catalog.Surveys.Select(s => (s.Id.ToString(CultureInfo.InvariantCulture), s.Questions.Count)), surveys.Select(s => (s.Record!.Id, s.Record.Questions.Count)));
        Assert.Equal(catalog.Surveys.SelectMany(s => s.Questions.SelectMany(q => q.Options.Select(o => o.Text))), surveys.SelectMany(s => s.Record!.Questions.SelectMany(q => q.Options)));
    }

    [Fact]
    public async Task Survey_answers_tags_and_tag_assignments_read_back_to_their_counts()
    {
        var truth = await fixture.TruthAsync();

        var answers = await ReadAsync<SourceSurveyResponse>(Assert.Single(await NamesAsync("survey-answers")), (s, n) => Reader.ReadSurveyAnswersAsync(s, n));
        Assert.DoesNotContain(answers, r => r.IsRejected);
        foreach (var survey in truth["surveys"]!.AsArray())
        {
            var id = survey!["id"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
            var mine = answers.Select(a => a.Record!).Where(a => a.Answer.SurveyId == id).ToList();
            Assert.Equal(survey["answers"]!.GetValue<int>(), mine.Count);
            Assert.Equal(survey["respondents"]!.GetValue<int>(), mine.Select(a => a.ExtId).Distinct().Count());
        }

        var tags = await ReadAsync<SourceTag>(Assert.Single(await NamesAsync("tag-inventory")), (s, n) => Reader.ReadTagsAsync(s, n));
        Assert.Equal(
            truth["tags"]!["vocabulary"]!.AsArray().Select(t => (t!["name"]!.GetValue<string>(), (long?)t["userCount"]!.GetValue<int>())),
            tags.Select(t => (t.Record!.Name, t.Record.UserCount)));

        var assignments = await ReadAsync<SourceUserTags>(Assert.Single(await NamesAsync("tag-assignments")), (s, n) => Reader.ReadTagAssignmentsAsync(s, n));
        Assert.DoesNotContain(assignments, r => r.IsRejected);
        Assert.Equal(truth["tags"]!["assignments"]!.GetValue<int>(), assignments.Sum(a => a.Record!.Tags.Count));
        Assert.Contains(assignments, a => a.Record!.Tags.Contains("B2B, kurumsal"));
    }
}
