using System.Net;
using System.Text.Json;

namespace Migration.Sandbox.Tests.Pipedrive;

/// <summary>Seeded fault injection: shares, reproducibility, and writes that land although the client sees a failure.</summary>
public sealed class FaultTests : PipedriveSession
{
    private async Task Configure(object knobs)
    {
        var reply = await Admin.PostJsonAsync("/_sandbox/faults", knobs);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
    }

    private async Task<List<int>> Statuses(int count, string path = "/api/v2/pipelines")
    {
        var statuses = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            statuses.Add((int)(await Client.GetJsonAsync(path)).Status);
        }

        return statuses;
    }

    [Fact]
    public async Task Shares_come_out_as_configured_and_the_same_seed_gives_the_same_run()
    {
        await Configure(new { serverErrorShare = 0.1, tooManyRequestsShare = 0.05, seed = 99 });
        var statuses = await Statuses(1_000);

        var serverErrors = statuses.Count(s => s >= 500);
        var tooMany = statuses.Count(s => s == 429);
        Assert.InRange(serverErrors, 65, 135);   // 100 expected, more than 3.5 standard deviations either way fails
        Assert.InRange(tooMany, 25, 75);         // 50 expected
        Assert.Equal(1_000 - serverErrors - tooMany, statuses.Count(s => s == 200));
        Assert.Subset(new HashSet<int> { 200, 429, 500, 502, 503 }, statuses.ToHashSet());
        Assert.True(statuses.Distinct().Count() >= 4, "500, 502 and 503 should all appear");

        var injected = (await Usage()).GetProperty("faults").GetProperty("injected");
        Assert.Equal(serverErrors, injected.GetProperty("serverErrors").GetInt64());
        Assert.Equal(tooMany, injected.GetProperty("tooManyRequests").GetInt64());

        // Injected answers come before the API counts the request: only the 200s were charged.
        Assert.Equal(statuses.Count(s => s == 200) * 5, (await Usage()).GetProperty("tokensSpentToday").GetInt64());

        await Configure(new { seed = 99 });
        Assert.Equal(statuses.Take(200), await Statuses(200));
    }

    [Fact]
    public async Task Commit_then_fail_answers_5xx_although_the_write_landed()
    {
        await Configure(new { commitThenFailShare = 1.0, commitThenFailDropShare = 0.0 });
        var reply = await Client.PostJsonAsync("/api/v2/persons", new { name = "Ghost Writer" });
        Assert.InRange((int)reply.Status, 500, 503);
        Assert.False(reply.Body.GetProperty("success").GetBoolean());

        var persons = (await Snapshot()).GetProperty("persons").EnumerateArray().ToList();
        Assert.Equal("Ghost Writer", Assert.Single(persons).GetProperty("name").GetString());

        // Reads are not writes: they pass; a refused write committed nothing and is answered as it is.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetJsonAsync("/api/v2/persons/1")).Status);
        AssertRejected(await Client.PostJsonAsync("/api/v2/persons", new { emails = new[] { new { value = "x@example.com" } } }), "Name must be given");
        var injected = (await Usage()).GetProperty("faults").GetProperty("injected");
        Assert.Equal((1, 0), (injected.GetProperty("commitThenFailServerErrors").GetInt64(), injected.GetProperty("commitThenFailDropped").GetInt64()));

        // The retry a naive client makes doubles the record: the reason writers need the ledger.
        await Configure(new { commitThenFailShare = 0.0 });
        Assert.Equal(HttpStatusCode.OK, (await Client.PostJsonAsync("/api/v2/persons", new { name = "Ghost Writer" })).Status);
        Assert.Equal(2, (await Snapshot()).GetProperty("persons").GetArrayLength());
    }

    [Fact]
    public async Task Commit_then_fail_can_drop_the_connection_after_the_write()
    {
        await Configure(new { commitThenFailShare = 1.0, commitThenFailDropShare = 1.0 });
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.PostJsonAsync("/api/v2/organizations", new { name = "Half Open" }));
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.DeleteJsonAsync("/api/v2/stages/5"));

        var snapshot = await Snapshot();
        Assert.Equal("Half Open", Assert.Single(snapshot.GetProperty("organizations").EnumerateArray()).GetProperty("name").GetString());
        Assert.True(snapshot.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == 5).GetProperty("is_deleted").GetBoolean());
        Assert.Equal(2, (await Usage()).GetProperty("faults").GetProperty("injected").GetProperty("commitThenFailDropped").GetInt64());
    }

    [Fact]
    public async Task The_split_between_5xx_and_dropped_connections_follows_the_knob()
    {
        await Configure(new { commitThenFailShare = 1.0, commitThenFailDropShare = 0.3, seed = 4 });
        var dropped = 0;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                var reply = await Client.PostJsonAsync("/api/v2/pipelines", new { name = $"P{i}" });
                Assert.InRange((int)reply.Status, 500, 503);
            }
            catch (HttpRequestException)
            {
                dropped++;
            }
        }

        Assert.InRange(dropped, 35, 85);   // 60 expected
        Assert.Equal(201, (await Snapshot()).GetProperty("pipelines").GetArrayLength());
    }

    [Fact]
    public async Task Knobs_change_at_run_time_are_checked_and_never_touch_admin_routes()
    {
        await Configure(new { serverErrorShare = 1.0 });
        Assert.InRange((int)(await Client.GetJsonAsync("/api/v2/persons")).Status, 500, 503);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetJsonAsync("/_sandbox/stats")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetJsonAsync("/_sandbox/snapshot")).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.PostJsonAsync("/_sandbox/faults", new { serverErrorShare = 0.7, tooManyRequestsShare = 0.7 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.PostJsonAsync("/_sandbox/faults", new { commitThenFailShare = -0.1 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.PostJsonAsync("/_sandbox/faults", new { serverErrorShare = "half" })).Status);
        await Configure(new { serverErrorShare = 0.0, latencyMs = 0 });
        Assert.Equal(HttpStatusCode.OK, (await Client.GetJsonAsync("/api/v2/persons")).Status);

        var knobs = (await Admin.GetJsonAsync("/_sandbox/faults")).Body.GetProperty("knobs");
        Assert.Equal(0.0, knobs.GetProperty("serverErrorShare").GetDouble());
    }

    [Fact]
    public async Task Faults_given_at_start_apply_from_the_first_request()
    {
        await using var faulty = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions
        {
            ApiToken = Token,
            Clock = Clock,
            Faults = new PipedriveFaults { TooManyRequestsShare = 1.0 },
        });
        using var client = JsonHttp.Client(faulty.BaseAddress, "x-api-token", Token);
        var reply = await client.GetJsonAsync("/api/v2/persons");
        Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
        Assert.Equal(JsonValueKind.False, reply.Body.GetProperty("success").ValueKind);

        await Assert.ThrowsAsync<ArgumentException>(() => PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { Faults = new PipedriveFaults { ServerErrorShare = 2 } }));
    }
}
