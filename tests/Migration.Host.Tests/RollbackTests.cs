using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Migration.Host.Tests;

/// <summary>
/// Rollback through the local host on Azurite: a whole run with events, campaigns and segments (export files) lands in a
/// Pipedrive simulator that already holds a few records; a preview writes nothing; a rollback killed part way comes back
/// and finishes, keeping (and reporting) a person edited in Pipedrive after the import; a forced rollback removes that one
/// too and leaves the simulator exactly as it was before the run (every live record, field, option, label, activity
/// type, pipeline, stage and filter); a rollback run again finds nothing left and spends nothing.
/// </summary>
public sealed class RollbackTests(ITestOutputHelper output)
{
    private const string RunId = "rollback-run";

    [SkippableFact]
    public async Task A_rolled_back_run_leaves_pipedrive_as_it_was_keeps_edited_records_unless_forced_and_survives_a_kill()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 100, seed: 37, enforceRateLimits: false);
        var eventExport = true;
        await env.UploadExportsAsync("rollback", name =>
            !name.Contains("users_export", StringComparison.Ordinal)
            && (!name.Contains("EVENT_DATA", StringComparison.Ordinal) || (eventExport && !(eventExport = false))));

        // Records that were there before the run, which no rollback may touch.
        var preOrganization = await CreateAsync(env, "organizations", new { name = "Pre-existing Ltd" });
        await CreateAsync(env, "persons", new { name = "Pre-existing Person", org_id = preOrganization });
        await CreateAsync(env, "deals", new { title = "Pre-existing deal", org_id = preOrganization });
        var before = await SnapshotAsync(env);

        var started = await env.StartRunAsync(new
        {
            runId = RunId,
            netmera = new { connection = MigrationEnvironment.Connection, segmentId = Migration.Sandbox.NetmeraSimulator.AllUsersSegmentId, importFolder = "rollback" },
            pipedrive = new { connection = MigrationEnvironment.Connection },
            options = new { batchSize = 50, maxParallelBatches = 4, touchpointStatuses = new[] { "CLICKED" } },
        });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        while (await env.WaitForGateOrAsync(RunId, ["gdpr", "mapping"]) == "gdpr")
            await env.ApproveGateAsync(RunId, "gdpr");
        await env.SummariseMostEventsAsync(RunId);
        var run = await env.WaitForEndAsync(RunId, TimeSpan.FromMinutes(5));
        Assert.True(MigrationEnvironment.Text(run["runtimeStatus"]) == "Completed", run.ToJsonString() + env.Host.Output);
        var loaded = await SnapshotAsync(env);
        foreach (var kind in new[] { "persons", "organizations", "deals", "activities", "filters" })
            Assert.True(Live(loaded[kind]).Count > Live(before[kind]).Count, $"the run moved no {kind}: the proof must cover them");

        // Preview: what would be undone and its cost, and not one write.
        var preview = await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/rollback", new { preview = true });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var listed = JsonNode.Parse(await preview.Content.ReadAsStringAsync())!;
        output.WriteLine(listed.ToJsonString());
        var persons = listed["objects"]!.AsArray().Single(o => MigrationEnvironment.Text(o!["objectType"]) == "person")!;
        Assert.Equal(Live(loaded["persons"]).Count - Live(before["persons"]).Count, persons["toDelete"]!.GetValue<long>());
        Assert.True(listed["tokens"]!.GetValue<long>() > 0);
        Assert.Equal((await SnapshotAsync(env)).ToJsonString(), loaded.ToJsonString());

        // A person edited in Pipedrive after the import.
        await Task.Delay(1100); // update_time has whole seconds
        var edited = Live(loaded["persons"]).First(p => MigrationEnvironment.Text(p["name"]) != "Pre-existing Person")["id"]!.GetValue<long>();
        await PatchAsync(env, $"persons/{edited}", new { name = "Renamed by a salesperson" });

        // The rollback, killed once it is under way; the host comes back and the rollback finishes.
        var rollback = await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/rollback", new { });
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        // Killed once activities, touchpoints and deals are undone and persons are under way (or just after).
        await WaitForRollbackPhaseAsync(env, "rollback-persons", "rollback-organizations", "rollback-filters");
        await env.Host.KillAsync();
        await env.Host.StartAsync();
        var first = await WaitForRollbackAsync(env);
        var kept = await SnapshotAsync(env);
        Assert.Equal([edited], Live(kept["persons"]).Select(p => p["id"]!.GetValue<long>()).Except(Live(before["persons"]).Select(p => p["id"]!.GetValue<long>())));
        var csv = await env.ReportAsync(RunId, "rollback.csv");
        Assert.Contains($",{edited},kept_edited,", csv, StringComparison.Ordinal);
        Assert.Contains("kept_edited", await env.ReportAsync(RunId, "rollback.md"), StringComparison.Ordinal);
        Assert.Equal(1 + SchemaObjects(first), first["remaining"]!.GetValue<long>()); // the schema stays while the person does
        Assert.DoesNotContain(",failed,", csv, StringComparison.Ordinal);

        // Forced: the edited person goes too, then the schema; Pipedrive is as it was before the run.
        Assert.Equal(HttpStatusCode.Accepted, (await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/rollback", new { force = true })).StatusCode);
        var forced = await WaitForRollbackAsync(env);
        Assert.Equal(0, forced["remaining"]!.GetValue<long>());
        var after = await SnapshotAsync(env);
        AssertSameLiveState(before, after);
        Assert.Contains($",{edited},deleted,", await env.ReportAsync(RunId, "rollback.csv"), StringComparison.Ordinal);
        var reports = JsonNode.Parse(await env.Host.Http.GetStringAsync($"/api/migrations/{RunId}/reports"))!.AsArray().Select(r => MigrationEnvironment.Text(r!["name"]));
        Assert.Contains("rollback.md", reports);
        Assert.Contains("rollback.csv", reports);

        // Once more: nothing left to do, not a token spent, nothing changed.
        var spent = (await env.PipedriveUsageAsync())["tokensSpentToday"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.Accepted, (await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/rollback", new { force = true })).StatusCode);
        await WaitForRollbackAsync(env);
        Assert.Equal(spent, (await env.PipedriveUsageAsync())["tokensSpentToday"]!.GetValue<long>());
        Assert.Equal(after.ToJsonString(), (await SnapshotAsync(env)).ToJsonString());
    }

    /// <summary>Every live object of every kind compares equal, field by field (deleted records stay in Pipedrive, flagged, as it soft-deletes).</summary>
    private void AssertSameLiveState(JsonNode before, JsonNode after)
    {
        var differences = new List<string>();
        foreach (var (kind, items) in before.AsObject())
        {
            var was = Live(items).Select(i => i.ToJsonString()).ToList();
            var now = Live(after[kind]).Select(i => i.ToJsonString()).ToList();
            differences.AddRange(was.Except(now).Select(i => $"{kind} before: {i}"));
            differences.AddRange(now.Except(was).Select(i => $"{kind} after: {i}"));
        }
        foreach (var difference in differences.Take(20))
            output.WriteLine(difference);
        Assert.True(differences.Count == 0, $"{differences.Count} objects differ from the pre-run state; first: {differences.FirstOrDefault()}");
    }

    private static long SchemaObjects(JsonNode summary) =>
        summary["objects"]!.AsArray().Where(o => MigrationEnvironment.Text(o!["objectType"]) == "schema").Sum(o => o!["kept"]!.GetValue<long>());

    private static List<JsonObject> Live(JsonNode? items) =>
        items!.AsArray().Select(i => i!.AsObject()).Where(i => !(i["is_deleted"]?.GetValue<bool>() ?? false) && (i["active_flag"]?.GetValue<bool>() ?? true)).ToList();

    private static async Task<JsonNode> SnapshotAsync(MigrationEnvironment env) =>
        JsonNode.Parse(await env.Sandbox.GetStringAsync(new Uri(env.PipedriveAddress, "/_sandbox/snapshot")))!;

    private static async Task<long> CreateAsync(MigrationEnvironment env, string records, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(env.PipedriveAddress, $"/api/v2/{records}")) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-api-token", env.PipedriveToken);
        using var response = await env.Sandbox.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, answer);
        return JsonNode.Parse(answer)!["data"]!["id"]!.GetValue<long>();
    }

    private static async Task PatchAsync(MigrationEnvironment env, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(env.PipedriveAddress, $"/api/v2/{path}")) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-api-token", env.PipedriveToken);
        using var response = await env.Sandbox.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task WaitForRollbackPhaseAsync(MigrationEnvironment env, params string[] phases)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var rollback = (await env.StatusAsync(RunId))["rollback"];
            if (phases.Contains(MigrationEnvironment.Text(rollback?["phase"])))
            {
                output.WriteLine($"host killed in {MigrationEnvironment.Text(rollback?["phase"])}");
                return;
            }
            Assert.NotEqual("Completed", MigrationEnvironment.Text(rollback?["runtimeStatus"]));
            await Task.Delay(50);
        }
        throw new TimeoutException($"the rollback never reached {string.Join(" or ", phases)}:\n{env.Host.Output}");
    }

    /// <summary>Polls the run's status until its rollback ends; fails unless it completed. Returns the rollback member.</summary>
    private async Task<JsonNode> WaitForRollbackAsync(MigrationEnvironment env)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var rollback = (await env.StatusAsync(RunId))["rollback"];
            var state = MigrationEnvironment.Text(rollback?["runtimeStatus"]);
            if (state is "Failed" or "Terminated")
                Assert.Fail($"the rollback failed: {rollback!.ToJsonString()}\n{env.Host.Output}");
            if (state == "Completed")
            {
                output.WriteLine(rollback!.ToJsonString());
                return rollback;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the rollback did not end:\n{env.Host.Output}");
    }
}
