using System.Net;
using System.Text.Json.Nodes;

namespace Migration.Netmera.Tests.Client;

/// <summary>Shapes, paging, loop guards, the 1,000-id split and bounded per-user reads, against hand-written answers.</summary>
public sealed class NetmeraClientReadTests
{
    private static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }

    // nextPage -------------------------------------------------------------------------------------

    [Fact]
    public async Task A_nextPage_given_twice_stops_the_read_instead_of_looping()
    {
        // Page 1 → offset A, page A → offset B, page B → offset A again.
        var stub = new StubNetmera((request, _) => StubNetmera.Query(request.RequestUri!, "offset") switch
        {
            "" => StubNetmera.Json("""{"nextPage":"https://netmera.test/rest/3.0/getDeviceTokens?offset=A&max=1","devices":[{"token":"t1"}]}"""),
            "A" => StubNetmera.Json("""{"nextPage":"https://netmera.test/rest/3.0/getDeviceTokens?offset=B&max=1","devices":[{"token":"t2"}]}"""),
            _ => StubNetmera.Json("""{"nextPage":"https://netmera.test/rest/3.0/getDeviceTokens?offset=A&max=1","devices":[{"token":"t3"}]}"""),
        });
        var seen = new List<string?>();
        var error = await Assert.ThrowsAsync<NetmeraPagingException>(async () =>
        {
            await foreach (var page in stub.Client().GetDeviceTokenPagesAsync(1, CancellationToken.None))
                seen.AddRange(page.Devices!.Select(d => d.AnyToken));
        });
        Assert.Equal(["t1", "t2", "t3"], seen);
        Assert.Equal(3, stub.Requests.Count);
        Assert.Contains("already given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endless_empty_pages_with_fresh_offsets_stop_the_read()
    {
        var n = 0;
        var stub = new StubNetmera((_, _) => StubNetmera.Json(
            $$"""{"nextPage":"https://netmera.test/rest/3.0/getPushResult?offset=o{{Interlocked.Increment(ref n)}}&max=10","list":[]}"""));
        var error = await Assert.ThrowsAsync<NetmeraPagingException>(() =>
            All(stub.Client(new NetmeraClientOptions { MaxEmptyPagesInARow = 3 }).GetPushResultPagesAsync(NetmeraPushResultQuery.ForUser("u1"), 10, CancellationToken.None)));
        Assert.Equal(3, stub.Requests.Count);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_guard_lets_a_chain_end_and_counts_its_pages()
    {
        var guard = new NextPageGuard("test");
        Assert.Equal("p2", guard.Advance("p2", 5));
        Assert.Equal("p3", guard.Advance("p3", 0));
        Assert.Null(guard.Advance(null, 5));
        Assert.Equal(3, guard.Pages);
        var loop = new NextPageGuard("x");
        loop.Advance("a", 1);
        Assert.Throws<NetmeraPagingException>(() => loop.Advance("a", 1));
    }

    [Fact]
    public async Task A_nextPage_on_another_host_or_scheme_is_refused_before_any_request()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"list":[]}"""));
        var client = stub.Client();
        foreach (var elsewhere in new[] { "https://evil.example/rest/3.0/getSegmentUsers?offset=x", "http://netmera.test/rest/3.0/getSegmentUsers?offset=x", "https://netmera.test:8443/x" })
        {
            var error = await Assert.ThrowsAsync<NetmeraPagingException>(() => client.GetSegmentUsersPageAsync(1, 100, elsewhere, CancellationToken.None));
            Assert.Contains("refusing to send the API key", error.Message, StringComparison.Ordinal);
            Assert.False(error.IsTransient);
        }
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_relative_nextPage_is_read_on_the_connections_own_host_and_followed_verbatim()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"name":"s","list":[{"externalId":"u9"}]}"""));
        var page = await stub.Client().GetSegmentUsersPageAsync(1, 100, "/rest/3.0/getSegmentUsers?id=1&max=100&offset=T%2Bk", CancellationToken.None);
        Assert.Equal("u9", Assert.Single(page.List!).ExternalId);
        var (_, uri, _) = Assert.Single(stub.Requests);
        Assert.Equal("https://netmera.test/rest/3.0/getSegmentUsers?id=1&max=100&offset=T%2Bk", uri.AbsoluteUri);
    }

    [Theory]
    [InlineData(5, "100")]
    [InlineData(500, "500")]
    [InlineData(5000, "1000")]
    public async Task Segment_pages_are_asked_within_Netmeras_100_to_1000(int asked, string sent)
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"list":[]}"""));
        await stub.Client().GetSegmentUsersPageAsync(1001, asked, null, CancellationToken.None);
        var (_, uri, _) = Assert.Single(stub.Requests);
        Assert.Equal(sent, StubNetmera.Query(uri, "max"));
        Assert.Equal("1001", StubNetmera.Query(uri, "id"));
    }

    // Devices ---------------------------------------------------------------------------------------

    [Fact]
    public async Task Device_tokens_accept_both_token_spellings_and_carry_the_user()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""
            {"total":3,"devices":[
              {"installationId":"i1","platform":"ANDROID","extId":"u1","deviceToken":"dt-1"},
              {"platform":"IOS","token":"t-2","deviceModel":"iPhone 15","pushPermitted":true},
              {"installationId":"i3","platform":"CHROME"}]}
            """));
        var page = await stub.Client().GetDeviceTokensPageAsync(50, null, CancellationToken.None);

        Assert.Null(page.NextPage);
        Assert.Equal(3, page.Total);
        Assert.Equal(["dt-1", "t-2", null], page.Devices!.Select(d => d.AnyToken));
        Assert.Equal(["u1", null, null], page.Devices!.Select(d => d.ExtId));
        var device = page.Devices![1].ToSourceDevice();
        Assert.Equal(("IOS", "t-2", "iPhone 15", true), (device.Platform, device.Token, device.DeviceModel, device.PushPermitted));
        Assert.Equal("50", StubNetmera.Query(stub.Requests[0].Uri, "max"));
    }

    [Fact]
    public async Task A_users_devices_keep_the_token_whichever_name_Netmera_used()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"extId":"u1","devices":[{"platform":"IOS","deviceToken":"x","installationId":"i"},{"platform":"ANDROID","token":"y"}]}"""));
        var devices = await stub.Client().GetDevicesAsync("u1", CancellationToken.None);
        Assert.Equal(["x", "y"], devices.Select(d => d.Token));
        Assert.Equal("i", devices[0].InstallationId);
    }

    // Per-user reads --------------------------------------------------------------------------------

    [Fact]
    public async Task Reading_many_users_keeps_their_order_and_never_exceeds_the_parallelism()
    {
        var random = new Random(3);
        var stub = new StubNetmera(async (request, _) =>
        {
            int delay;
            lock (random)
                delay = random.Next(0, 8);
            await Task.Delay(delay);
            var extId = StubNetmera.Query(request.RequestUri!, "extId");
            return request.RequestUri!.AbsolutePath.EndsWith("getProfileAttributes", StringComparison.Ordinal)
                ? extId == "gone"
                    ? StubNetmera.Error(5016, "The external id is not found in the current application")
                    : StubNetmera.Json(new JsonObject { ["extId"] = extId, ["profile"] = new JsonObject { ["name"] = "n-" + extId } })
                : StubNetmera.Json(new JsonObject { ["extId"] = extId, ["devices"] = new JsonArray(new JsonObject { ["platform"] = "IOS", ["token"] = "t-" + extId }) });
        });
        var members = Enumerable.Range(0, 60).Select(i => new NetmeraSegmentMember(i == 7 ? "gone" : i == 9 ? " " : $"u{i}", $"9055{i}", $"u{i}@example.com")).ToList();

        var users = await stub.Client().ReadUsersAsync(members, 4, CancellationToken.None);

        Assert.Equal(60, users.Count);
        Assert.Null(users[7]);
        Assert.Null(users[9]);
        for (var i = 0; i < 60; i++)
        {
            if (i is 7 or 9)
                continue;
            Assert.Equal($"u{i}", users[i]!.ExtId);
            Assert.Equal($"u{i}@example.com", users[i]!.Email);
            Assert.Equal("n-u" + i, users[i]!.Profile["name"].GetString());
            Assert.Equal("t-u" + i, Assert.Single(users[i]!.Devices).Token);
        }
        Assert.InRange(stub.MaxInFlight, 2, 4);
        Assert.DoesNotContain(stub.Requests, r => r.Uri.Query.Contains("extId=+", StringComparison.Ordinal) || r.Uri.Query.EndsWith("extId=%20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quota_refusal_while_reading_users_fails_the_batch_as_a_quota_pause()
    {
        var calls = 0;
        var stub = new StubNetmera((request, _) => Interlocked.Increment(ref calls) > 10
            ? StubNetmera.Error(5022, "Service usage quota is exceeded")
            : StubNetmera.Json("""{"extId":"x","profile":{},"devices":[]}"""));
        var members = Enumerable.Range(0, 40).Select(i => new NetmeraSegmentMember($"u{i}", null, null)).ToList();
        var error = await Assert.ThrowsAsync<NetmeraQuotaExceededException>(() => stub.Client().ReadUsersAsync(members, 3, CancellationToken.None));
        Assert.Equal(stub.Time.GetUtcNow().AddMinutes(1), error.ResumeAt);
    }

    // 1,000 ids -------------------------------------------------------------------------------------

    [Fact]
    public void Ids_are_split_into_requests_of_at_most_1000_distinct_values_in_order()
    {
        var ids = Enumerable.Range(0, 2500).Select(i => $"id{i}").Concat(["id3", "id2499"]).ToList();
        var batches = NetmeraBatches.Split(ids).ToList();
        Assert.Equal([1000, 1000, 500], batches.Select(b => b.Count));
        Assert.Equal(ids.Distinct(), batches.SelectMany(b => b));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetmeraBatches.Split(ids, 1001).ToList());
    }

    [Fact]
    public async Task Count_batch_with_2500_values_goes_out_in_three_requests_and_the_counts_are_merged()
    {
        var stub = new StubNetmera((_, body) =>
        {
            var values = JsonNode.Parse(body!)!["values"]!.AsArray().Select(v => v!.GetValue<string>());
            return StubNetmera.Json(new JsonObject { ["counts"] = new JsonObject(values.Select(v => KeyValuePair.Create(v, (JsonNode?)JsonValue.Create(v.Length)))) });
        });
        var values = Enumerable.Range(0, 2500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var counts = await stub.Client().CountUsersByAsync(NetmeraGroupBy.ByProfile("favoriteTeam"), values, CancellationToken.None);

        Assert.Equal(3, stub.Requests.Count);
        Assert.All(stub.Requests, r =>
        {
            var body = JsonNode.Parse(r.Body!)!;
            Assert.InRange(body["values"]!.AsArray().Count, 1, 1000);
            Assert.Equal("favoriteTeam", body["groupBy"]!["profile"]!.GetValue<string>());
            Assert.Null(body["groupBy"]!["installation"]);
            Assert.EndsWith("/rest/3.0/targeting/count-batch", r.Uri.AbsolutePath, StringComparison.Ordinal);
        });
        Assert.Equal(2500, counts.Count);
        Assert.Equal(4, counts["1234"]);
    }

    [Fact]
    public async Task Count_batch_buckets_travel_inside_groupBy_as_the_spec_has_them()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"counts":{"18-24":10,"25-34":7}}"""));
        var counts = await stub.Client().CountUsersByAsync(NetmeraGroupBy.ByBuckets("age", [(18, 24), (25, 34)]), null, CancellationToken.None);
        var body = JsonNode.Parse(Assert.Single(stub.Requests).Body!)!;
        Assert.Equal("""{"groupBy":{"profile":"age","buckets":[[18,24],[25,34]]}}""", body.ToJsonString());
        Assert.Equal(10, counts["18-24"]);
        await Assert.ThrowsAsync<ArgumentException>(() => stub.Client().CountUsersByAsync(new NetmeraGroupBy("a", "platform"), null, CancellationToken.None));
    }

    [Fact]
    public async Task Count_sends_the_target_and_reads_the_count()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"count":184523}"""));
        Assert.Equal(184523, await stub.Client().CountUsersWithAttributeAsync("email", true, CancellationToken.None));
        Assert.Equal("""{"target":{"profile":{"email":{"$exists":true}}}}""", Assert.Single(stub.Requests).Body);
        Assert.Equal("POST", stub.Requests[0].Method);
    }

    // Campaigns -------------------------------------------------------------------------------------

    [Fact]
    public async Task Push_stats_by_key_become_a_campaign_and_an_unknown_key_is_absent()
    {
        var stub = new StubNetmera((request, _) => StubNetmera.Query(request.RequestUri!, "notificationKey") == "234"
            ? StubNetmera.Json("""{"notificationKey":234,"status":"FINISHED","startDate":1504790916883,"endDate":1504790916917,"stats":[{"platform":"IOS","sent":100,"failed":5,"clicked":35},{"platform":"WP","sent":30,"failed":1,"clicked":23}]}""")
            : StubNetmera.Error(5003, "Message with given messageId could not be found"));
        var client = stub.Client();

        var campaign = await client.GetPushStatsAsync(234, CancellationToken.None);
        Assert.NotNull(campaign);
        Assert.Equal("234", campaign.Key);
        Assert.Equal("FINISHED", campaign.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1504790916883), campaign.Start);
        Assert.Equal([new("IOS", 100, 5, 35), new Migration.Domain.Source.CampaignPlatformStats("WP", 30, 1, 23)], campaign.Stats);
        Assert.Null(await client.GetPushStatsAsync(999, CancellationToken.None));
    }

    [Fact]
    public async Task Push_stats_by_range_send_epoch_milliseconds_and_windows_yield_each_key_once()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"messages":[{"notificationKey":749,"status":"FINISHED","stats":[]},{"notificationKey":"748","status":"SENDING"},{"status":"DRAFT"}]}"""));
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(10);
        var client = stub.Client();

        var campaigns = await client.GetPushStatsAsync(start, end, CancellationToken.None);
        Assert.Equal(["749", "748"], campaigns.Select(c => c.Key));
        Assert.Equal("1704067200000", StubNetmera.Query(stub.Requests[0].Uri, "start"));
        Assert.Equal("1704931200000", StubNetmera.Query(stub.Requests[0].Uri, "end"));

        var windowed = await All(client.GetPushStatsInWindowsAsync(start, end, TimeSpan.FromDays(4), CancellationToken.None));
        Assert.Equal(["749", "748"], windowed.Select(c => c.Key));
        var windows = stub.Requests.Skip(1).Select(r => (long.Parse(StubNetmera.Query(r.Uri, "start")), long.Parse(StubNetmera.Query(r.Uri, "end")))).ToList();
        Assert.Equal(3, windows.Count);
        Assert.Equal(start.ToUnixTimeMilliseconds(), windows[0].Item1);
        Assert.Equal(end.ToUnixTimeMilliseconds(), windows[^1].Item2);
        for (var i = 1; i < windows.Count; i++)
            Assert.Equal(windows[i - 1].Item2 + 1, windows[i].Item1);
    }

    [Fact]
    public async Task Push_results_accept_both_error_names_numeric_codes_and_count_rows_without_a_time()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""
            {"list":[
              {"platform":"IOS","status":"FAILED","errorCode":8,"errorMsg":"INVALID_TOKEN","installationId":"C2","timeStamp":1557819194426,"msgTitle":"Awesome Title"},
              {"platform":"ANDROID","status":"FAILED","errorCode":"3","errorMessage":"NOT_REGISTERED","installationId":"U7","extId":"B4","timeStamp":1557819194427},
              {"platform":"ANDROID","status":"SUCCESS","installationId":"U8","extId":"B5","notificationKey":77,"timeStamp":1557819194428},
              {"platform":"ANDROID","status":"SUCCESS","installationId":"U9"}
            ]}
            """));
        var page = await stub.Client().GetPushResultsPageAsync(NetmeraPushResultQuery.ForNotification("106"), 10, null, CancellationToken.None);

        Assert.Equal(1, page.Unusable);
        Assert.Null(page.NextPage);
        Assert.Equal(["INVALID_TOKEN", "NOT_REGISTERED", null], page.Results.Select(r => r.Error));
        Assert.Equal(["8", "3", null], page.Results.Select(r => r.ErrorCode));
        Assert.Equal(["106", "106", "77"], page.Results.Select(r => r.NotificationKey));
        Assert.Equal("Awesome Title", page.Results[0].Title);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1557819194426), page.Results[0].Timestamp);
        Assert.Equal("106", StubNetmera.Query(stub.Requests[0].Uri, "notificationKey"));
        Assert.DoesNotContain("extId", stub.Requests[0].Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_results_need_a_key_user_or_token_before_anything_is_sent()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("{}"));
        await Assert.ThrowsAsync<ArgumentException>(() => stub.Client().GetPushResultsPageAsync(new NetmeraPushResultQuery(), 10, null, CancellationToken.None));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_users_history_pages_through_nextPage_with_the_window_in_epoch_ms()
    {
        var stub = new StubNetmera((request, _) => StubNetmera.Query(request.RequestUri!, "offset") == ""
            ? StubNetmera.Json("""{"nextPage":"https://netmera.test/rest/3.0/getPushResult?offset=hJbo&max=2","list":[{"status":"SUCCESS","timeStamp":1700000000000},{"status":"SHOWN","timeStamp":1700000000001}]}""")
            : StubNetmera.Json("""{"list":[{"status":"CLICKED","timeStamp":1700000000002}]}"""));
        var from = DateTimeOffset.FromUnixTimeMilliseconds(1690000000000);
        var pages = await All(stub.Client().GetPushResultPagesAsync(NetmeraPushResultQuery.ForUser("B4", from), 2, CancellationToken.None));

        Assert.Equal(["SUCCESS", "SHOWN", "CLICKED"], pages.SelectMany(p => p.Results).Select(r => r.Status));
        Assert.Equal("B4", StubNetmera.Query(stub.Requests[0].Uri, "extId"));
        Assert.Equal("1690000000000", StubNetmera.Query(stub.Requests[0].Uri, "start"));
        Assert.Equal("https://netmera.test/rest/3.0/getPushResult?offset=hJbo&max=2", stub.Requests[1].Uri.AbsoluteUri);
    }

    // Definitions -----------------------------------------------------------------------------------

    [Fact]
    public async Task Event_definitions_read_attributes_as_names_objects_or_a_map()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""
            {"standardEvents":[{"code":"n:ph","name":"Purchase","attributes":[{"code":"revenue","name":"Revenue","dataType":"DOUBLE"},{"name":"Currency"}]}],
             "customEvents":[{"eventCode":"wlst7","label":"Add To Wishlist","attributes":["productId","productName"]},
                             {"code":"vdw9k","name":"Video Watched","attributes":{"videoId":"STRING"}},
                             {"description":"nameless"}]}
            """));
        var definitions = await stub.Client().GetEventDefinitionsAsync(CancellationToken.None);

        Assert.Equal(3, definitions.Count);
        Assert.Equal(("n:ph", "Purchase", false), (definitions[0].Code, definitions[0].Name, definitions[0].IsCustom));
        Assert.Equal(["revenue", "Currency"], definitions[0].Attributes);
        Assert.Equal(("wlst7", "Add To Wishlist", true), (definitions[1].Code, definitions[1].Name, definitions[1].IsCustom));
        Assert.Equal(["productId", "productName"], definitions[1].Attributes);
        Assert.Equal(["videoId"], definitions[2].Attributes);
    }

    [Fact]
    public async Task Profile_attribute_definitions_keep_code_type_and_array_flag()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Json("""{"standardProfileAttributes":[{"code":"name","name":"Name","dataType":"STRING"}],"customProfileAttributes":[{"code":"favs","dataType":"STRING","isArray":true},{"name":"no code"}]}"""));
        var definitions = await stub.Client().GetProfileAttributeDefinitionsAsync(CancellationToken.None);
        Assert.Equal(2, definitions.Count);
        Assert.Equal(new Migration.Domain.Source.SourceAttributeDefinition("favs", "favs", "STRING", true, true), definitions[1]);
    }

    [Fact]
    public async Task A_200_without_a_body_reads_as_empty_not_as_a_crash()
    {
        var stub = new StubNetmera((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        Assert.Empty(await stub.Client().GetSegmentsAsync(CancellationToken.None));
        Assert.Empty(await stub.Client().GetEventDefinitionsAsync(CancellationToken.None));
        Assert.Null(await stub.Client().GetPushStatsAsync(5, CancellationToken.None));
    }
}
