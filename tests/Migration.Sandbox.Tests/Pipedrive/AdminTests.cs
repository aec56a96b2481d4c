using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

public sealed class AdminTests : PipedriveSession
{
    [Fact]
    public async Task The_snapshot_holds_every_kind_of_record_in_a_stable_order_deleted_ones_flagged()
    {
        var org = Id(await Created("/api/v2/organizations", new { name = "Acme" }));
        var person = Id(await Created("/api/v2/persons", new { name = "Ada", org_id = org }));
        var gone = Id(await Created("/api/v2/persons", new { name = "Gone" }));
        var deal = Id(await Created("/api/v2/deals", new { title = "Deal", person_id = person }));
        await Created("/api/v2/activities", new { subject = "Call", deal_id = deal, participants = new[] { new { person_id = person } } });
        await Created("/api/v1/notes", new { content = "Note", person_id = person });
        await Created("/api/v1/filters", new { name = "F", type = "people", conditions = new { glue = "and", conditions = new object[] { new { glue = "and", conditions = Array.Empty<object>() }, new { glue = "or", conditions = Array.Empty<object>() } } } });
        await CustomField("dealFields", "Source", "enum", "Web", "Fair");
        await Client.DeleteJsonAsync($"/api/v2/persons/{gone}");

        var first = (await Admin.GetJsonAsync("/_sandbox/snapshot")).Body;
        Assert.Equal(
            ["users", "personFields", "organizationFields", "dealFields", "activityFields", "persons", "organizations", "deals", "activities", "pipelines", "stages", "activityTypes", "filters", "notes"],
            first.EnumerateObject().Select(p => p.Name));
        Assert.Equal([person, gone], first.GetProperty("persons").EnumerateArray().Select(Id));
        Assert.True(first.GetProperty("persons")[1].GetProperty("is_deleted").GetBoolean());
        Assert.Equal(4, first.GetProperty("users").GetArrayLength());
        Assert.Equal(6, first.GetProperty("activityTypes").GetArrayLength());
        Assert.Equal(5, first.GetProperty("stages").GetArrayLength());
        Assert.Single(first.GetProperty("filters").EnumerateArray());
        Assert.Single(first.GetProperty("notes").EnumerateArray());
        var source = first.GetProperty("dealFields").EnumerateArray().Single(f => f.GetProperty("field_name").GetString() == "Source");
        Assert.Equal(["Web", "Fair"], source.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("label").GetString()));

        // Nothing changed, nothing differs: a later test can compare before and after.
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(first.GetRawText(), (await Admin.GetJsonAsync("/_sandbox/snapshot")).Body.GetRawText());
        await Patched($"/api/v2/deals/{deal}", new { value = 10 });
        Assert.NotEqual(first.GetRawText(), (await Admin.GetJsonAsync("/_sandbox/snapshot")).Body.GetRawText());
    }

    [Fact]
    public async Task Usage_reports_budget_windows_and_faults()
    {
        await Created("/api/v2/persons", new { name = "A" });
        await Client.GetJsonAsync("/api/v2/persons/search?term=ab");

        var usage = await Usage();
        Assert.Equal("Ultimate", usage.GetProperty("plan").GetString());
        Assert.False(usage.GetProperty("rateLimitsEnforced").GetBoolean());
        Assert.Equal(210_000, usage.GetProperty("dailyBudget").GetInt64());
        Assert.Equal(25, usage.GetProperty("tokensSpentToday").GetInt64());
        Assert.Equal(209_975, usage.GetProperty("tokensLeftToday").GetInt64());
        Assert.Equal("UTC", usage.GetProperty("budgetTimeZone").GetString());
        var token = Assert.Single(usage.GetProperty("tokens").EnumerateArray());
        Assert.Equal((2, 1, 120), (token.GetProperty("requestsInWindow").GetInt32(), token.GetProperty("searchRequestsInWindow").GetInt32(), token.GetProperty("burstLimit").GetInt32()));
        Assert.DoesNotContain(Token, usage.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, usage.GetProperty("faults").GetProperty("injected").GetProperty("serverErrors").GetInt64());

        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await Usage()).GetProperty("tokens")[0].GetProperty("requestsInWindow").GetInt32());
    }

    [Fact]
    public async Task Reset_clears_the_account_the_counters_and_the_budget()
    {
        await Created("/api/v2/deals", new { title = "D" });
        await Created("/api/v2/pipelines", new { name = "P" });
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.SendJsonAsync(HttpMethod.Post, "/_sandbox/reset", null)).Status);

        var snapshot = await Snapshot();
        Assert.Empty(snapshot.GetProperty("deals").EnumerateArray());
        Assert.Single(snapshot.GetProperty("pipelines").EnumerateArray());
        Assert.Equal(0, (await Usage()).GetProperty("tokensSpentToday").GetInt64());
        Assert.Equal(0, (await Admin.GetJsonAsync("/_sandbox/stats")).Body.GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task The_clock_belongs_to_the_test_when_the_test_gave_one()
    {
        var reply = await Admin.SendJsonAsync(HttpMethod.Post, "/_sandbox/clock/advance?seconds=60", null);
        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Contains("Clock", reply.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_simulators_own_clock_can_be_advanced_past_the_budget_day()
    {
        await using var own = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = Token, Plan = PipedriveSimulatorPlan.Lite });
        using var client = JsonHttp.Client(own.BaseAddress, "x-api-token", Token);
        using var admin = JsonHttp.Client(own.BaseAddress);
        var before = own.Clock.GetUtcNow();
        await client.GetJsonAsync("/api/v2/persons");
        Assert.Equal(10, (await admin.GetJsonAsync("/_sandbox/usage")).Body.GetProperty("tokensSpentToday").GetInt64());

        var advanced = await admin.SendJsonAsync(HttpMethod.Post, "/_sandbox/clock/advance?seconds=86400", null);
        Assert.Equal(HttpStatusCode.OK, advanced.Status);
        Assert.True(own.Clock.GetUtcNow() - before >= TimeSpan.FromDays(1));
        Assert.Equal(0, (await admin.GetJsonAsync("/_sandbox/usage")).Body.GetProperty("tokensSpentToday").GetInt64());

        var person = (await client.PostJsonAsync("/api/v2/persons", new { name = "Tomorrow" })).Data;
        Assert.True(DateTimeOffset.Parse(person.GetProperty("add_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= before.AddDays(1).AddSeconds(-1));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendJsonAsync(HttpMethod.Post, "/_sandbox/clock/advance?seconds=-5", null)).Status);
    }

    [Fact]
    public async Task Admin_routes_need_no_token_cost_nothing_and_are_not_counted()
    {
        await Admin.GetJsonAsync("/_sandbox/usage");
        await Admin.GetJsonAsync("/_sandbox/snapshot");
        await Admin.GetJsonAsync("/_sandbox/persons");
        var stats = (await Admin.GetJsonAsync("/_sandbox/stats")).Body;
        Assert.Equal(0, stats.GetProperty("requests").GetInt64());
        Assert.Equal(0, (await Usage()).GetProperty("tokensSpentToday").GetInt64());
        Assert.Equal(JsonValueKind.Array, (await Admin.GetJsonAsync("/_sandbox/persons")).Body.ValueKind);
    }
}
