using System.Globalization;
using System.Text.Json.Nodes;
using Migration.Sandbox;

namespace Migration.Netmera.Tests.Simulator;

/// <summary>Every REST read of the client against the simulator, compared with the simulator's ground truth.</summary>
public sealed class NetmeraReadsSimulatorTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly DateTimeOffset Ever = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }

    [Fact]
    public async Task Event_definitions_are_the_apps_standard_and_custom_events_with_their_attributes()
    {
        var truth = await fixture.TruthAsync();
        var definitions = await fixture.Client().GetEventDefinitionsAsync(CancellationToken.None);

        var expected = truth["events"]!["byEvent"]!.AsArray().Select(e => (e!["code"]!.GetValue<string>(), e["name"]!.GetValue<string>())).ToList();
        Assert.Equal(expected.Order(), definitions.Select(d => (d.Code, d.Name)).Order());
        Assert.Contains(definitions, d => d.IsCustom);
        Assert.Contains(definitions, d => !d.IsCustom && d.Code == "n:ph" && d.Attributes.Contains("revenue"));
        Assert.Equal(fixture.Simulator.Catalog.Events.Count(e => !e.IsStandard), definitions.Count(d => d.IsCustom));
    }

    [Fact]
    public async Task Every_installation_is_read_by_paging_device_tokens_and_the_known_users_follow()
    {
        var truth = await fixture.TruthAsync();
        var pages = await All(fixture.Client().GetDeviceTokenPagesAsync(97, CancellationToken.None));
        var devices = pages.SelectMany(p => p.Devices!).ToList();

        Assert.Equal(truth["installations"]!["total"]!.GetValue<int>(), devices.Count);
        Assert.All(devices, d => Assert.False(string.IsNullOrEmpty(d.InstallationId)));
        var duplicated = truth["duplicates"]!["extraUsersByDevice"]!.GetValue<int>();
        Assert.True(devices.Count - devices.Select(d => d.InstallationId).Distinct().Count() <= duplicated, "only the dataset's shared devices repeat");
        Assert.Equal(truth["knownUserCount"]!.GetValue<int>(), devices.Where(d => d.ExtId is not null).Select(d => d.ExtId).Distinct().Count());
        Assert.Equal(truth["installations"]!["anonymous"]!.GetValue<int>(), devices.Where(d => d.ExtId is null).Select(d => d.InstallationId).Distinct().Count());
        Assert.Equal(truth["installations"]!["withoutToken"]!.GetValue<int>(), devices.Count(d => d.AnyToken is null));
        Assert.Null(pages[^1].NextPage);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(97, p.Devices!.Count));
    }

    [Fact]
    public async Task The_specs_device_shape_reads_the_same_installations()
    {
        await using var spec = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions
        {
            Users = 120, Seed = 4, ApiKey = SimulatorFixture.Key, DeviceTokenItems = DeviceTokenItemShape.Spec,
        });
        await using var reference = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 120, Seed = 4, ApiKey = SimulatorFixture.Key });

        async Task<List<NetmeraDevice>> Read(NetmeraSimulator simulator) =>
            (await All(SimulatorFixture.Build(simulator.BaseAddress, SimulatorFixture.Key).GetDeviceTokenPagesAsync(1000, CancellationToken.None)))
            .SelectMany(p => p.Devices!).ToList();

        var specDevices = await Read(spec);
        var referenceDevices = await Read(reference);
        Assert.Equal(referenceDevices.Select(d => (d.InstallationId, d.ExtId, d.AnyToken)), specDevices.Select(d => (d.InstallationId, d.ExtId, d.AnyToken)));
        Assert.Contains(specDevices, d => d.Token is not null && d.DeviceToken is null);
        Assert.Contains(referenceDevices, d => d.DeviceToken is not null && d.Token is null);
    }

    [Fact]
    public async Task Reading_a_whole_segment_page_of_users_matches_the_ground_truth_in_order()
    {
        var client = fixture.Client();
        var page = await client.GetSegmentUsersPageAsync(NetmeraSimulator.AllUsersSegmentId, 1000, null, CancellationToken.None);
        var users = await client.ReadUsersAsync(page.List!, 8, CancellationToken.None);
        var truth = await fixture.UsersAsync();

        Assert.Equal(SimulatorFixture.UserCount, users.Count);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i]!;
            var expected = truth[i];
            Assert.Equal(expected["extId"]!.GetValue<string>(), user.ExtId);
            Assert.Equal(expected["email"]?.GetValue<string>(), user.Email);
            Assert.Equal(expected["name"]?.GetValue<string>(), user.ProfileText("name"));
            Assert.Equal(expected["devices"]!.AsArray().Select(d => d!["token"]!.GetValue<string>()), user.Devices.Select(d => d.Token ?? ""));
        }
    }

    [Fact]
    public async Task Push_stats_by_key_are_each_campaigns_counts_and_an_unknown_key_is_absent()
    {
        var truth = await fixture.TruthAsync();
        var client = fixture.Client();
        foreach (var campaign in truth["campaigns"]!["byKey"]!.AsArray().Select(c => c!.AsObject()))
        {
            var key = campaign["key"]!.GetValue<int>();
            var stats = await client.GetPushStatsAsync(key, CancellationToken.None);
            Assert.NotNull(stats);
            Assert.Equal(key.ToString(CultureInfo.InvariantCulture), stats.Key);
            Assert.Equal(campaign["status"]!.GetValue<string>(), stats.Status);
            if (campaign["stats"] is JsonObject expected)
            {
                Assert.Equal(
                    expected["platforms"]!.AsArray().Select(p => (p!["platform"]!.GetValue<string>(), (long)p["sent"]!.GetValue<int>(), (long)p["failed"]!.GetValue<int>(), (long)p["clicked"]!.GetValue<int>())),
                    stats.Stats.Select(s => (s.Platform, s.Sent, s.Failed, s.Clicked)));
                Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(campaign["sendAt"]!.GetValue<long>()), stats.Start);
            }
            else
            {
                Assert.All(stats.Stats, s => Assert.Equal(0, s.Sent));
            }
        }
        Assert.Null(await client.GetPushStatsAsync(999_999, CancellationToken.None));
    }

    [Fact]
    public async Task Push_stats_by_date_range_list_every_sent_campaign_once_whatever_the_windows()
    {
        var truth = await fixture.TruthAsync();
        var sent = truth["campaigns"]!["sentKeys"]!.AsArray().Select(k => k!.GetValue<int>().ToString(CultureInfo.InvariantCulture)).Order().ToList();
        var client = fixture.Client();

        var once = await client.GetPushStatsAsync(Ever, Later, CancellationToken.None);
        Assert.Equal(sent, once.Select(c => c.Key).Order());

        var windowed = await All(client.GetPushStatsInWindowsAsync(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), Later, TimeSpan.FromDays(45), CancellationToken.None));
        Assert.Equal(sent, windowed.Select(c => c.Key).Order());
        Assert.Empty(await client.GetPushStatsAsync(Later, Later.AddDays(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_campaigns_delivery_rows_are_all_read_through_nextPage()
    {
        var truth = await fixture.TruthAsync();
        var campaign = truth["campaigns"]!["byKey"]!.AsArray().Select(c => c!.AsObject())
            .Where(c => c["stats"] is JsonObject s && s["rows"]!.GetValue<int>() is > 7 and < 400)
            .OrderBy(c => c["stats"]!["rows"]!.GetValue<int>()).First();
        var key = campaign["key"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);

        var pages = await All(fixture.Client().GetPushResultPagesAsync(NetmeraPushResultQuery.ForNotification(key, Ever, Later), 7, CancellationToken.None));
        var rows = pages.SelectMany(p => p.Results).ToList();

        Assert.Equal(campaign["stats"]!["rows"]!.GetValue<int>(), rows.Count + pages.Sum(p => p.Unusable));
        Assert.Equal(0, pages.Sum(p => p.Unusable));
        Assert.All(rows, r => Assert.Equal(key, r.NotificationKey));
        Assert.True(pages.Count > 1);
        Assert.Contains(rows, r => r.Status == "FAILED" && r.Error is not null);
    }

    [Fact]
    public async Task A_users_message_history_is_read_with_a_window_and_an_unknown_user_is_an_error()
    {
        var client = fixture.Client();
        var extId = fixture.Simulator.Users[3].ExtId;
        var rows = (await All(client.GetPushResultPagesAsync(NetmeraPushResultQuery.ForUser(extId, Ever, Later), 50, CancellationToken.None)))
            .SelectMany(p => p.Results).ToList();
        Assert.All(rows, r => Assert.Equal(extId, r.ExtId));

        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => client.GetPushResultsPageAsync(NetmeraPushResultQuery.ForUser("nobody"), 10, null, CancellationToken.None));
        Assert.Equal(NetmeraApiException.UserNotFound, error.Code);
    }

    [Fact]
    public async Task Targeting_counts_reconcile_with_the_population()
    {
        var truth = await fixture.TruthAsync();
        var client = fixture.Client();
        var users = truth["users"]!.GetValue<int>();

        Assert.Equal(users, await client.CountUsersAsync(new JsonObject(), CancellationToken.None));
        Assert.Equal(users - truth["usersWithoutEmail"]!.GetValue<int>(), await client.CountUsersWithAttributeAsync("email", true, CancellationToken.None));
        Assert.Equal(truth["usersWithoutEmail"]!.GetValue<int>(), await client.CountUsersWithAttributeAsync("email", false, CancellationToken.None));

        var platforms = await client.CountUsersByAsync(NetmeraGroupBy.ByInstallation("platform"), null, CancellationToken.None);
        Assert.Contains("IOS", platforms.Keys);
        Assert.All(platforms.Values, n => Assert.InRange(n, 1, users));
    }

    [Fact]
    public async Task Count_batch_over_1000_values_is_split_and_gives_what_one_small_request_gives()
    {
        var client = fixture.Client();
        var small = await client.CountUsersByAsync(NetmeraGroupBy.ByProfile("country"), ["TR", "DE", "NL"], CancellationToken.None);
        var values = Enumerable.Range(0, 1500).Select(i => "ZZ" + i.ToString(CultureInfo.InvariantCulture)).Concat(["TR", "DE", "NL"]).ToList();
        var large = await client.CountUsersByAsync(NetmeraGroupBy.ByProfile("country"), values, CancellationToken.None);

        Assert.Equal(small["TR"], large["TR"]);
        Assert.Equal(small["NL"], large["NL"]);
        Assert.True(small["TR"] > 0);
        Assert.Equal(0, large["ZZ1499"]);
    }

    [Fact]
    public async Task Count_batch_with_buckets_counts_a_numeric_attribute_by_range()
    {
        var counts = await fixture.Client().CountUsersByAsync(NetmeraGroupBy.ByBuckets("loyaltyPoints", [(0, 999), (1000, 1_000_000)]), null, CancellationToken.None);
        Assert.NotEmpty(counts);
        Assert.All(counts.Values, n => Assert.InRange(n, 0, SimulatorFixture.UserCount));
    }
}
