using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Migration.Host.Tests;

/// <summary>
/// DESIGN §4.1 under SIGKILL and vendor faults, for every object a run moves: a run with
/// events and campaigns (export files in an import folder) while the Pipedrive simulator fails 10 % of
/// requests with 5xx, refuses 5 % with 429 and loses 2 % of writes after committing them; the host is
/// killed with no shutdown code running at five moments across the phases and comes back with the same
/// worker id on the same storage. The run must finish with exactly one Pipedrive record per source record
/// in every phase: persons, organizations, activities, deals, touchpoints and filters.
/// </summary>
public sealed partial class DurabilityTests(ITestOutputHelper output)
{
    private const string RunId = "crash-run";
    /// <summary>
    /// 500 users in the suite, which must stay well under 20 minutes with every other host test running
    /// beside it: under these fault rates every retry backs off, and 5,000 users take about half an hour
    /// on a 2-core machine. Every load phase still has several batches to be killed inside. The issue's
    /// 5,000 run is the same test with <c>MIGRATION_PROOF_USERS=5000</c>.
    /// </summary>
    private static readonly int Users = int.TryParse(Environment.GetEnvironmentVariable("MIGRATION_PROOF_USERS"), out var users) ? users : 500;

    [SkippableFact]
    public async Task Five_kills_and_injected_faults_leave_exactly_one_pipedrive_record_per_source_record_in_every_phase()
    {
        // Unthrottled: the proof is about faults and crashes; the plan's limits are proven elsewhere.
        // Under these fault rates a batch's retries back off for tens of seconds on a busy machine; a message
        // hidden for less than its activity runs is delivered again while the first delivery still works.
        await using var env = await MigrationEnvironment.StartAsync(users: Users, seed: 23, enforceRateLimits: false, messageVisibility: TimeSpan.FromSeconds(60));
        var eventExport = true;
        await env.UploadExportsAsync("proof", name =>
            !name.Contains("users_export", StringComparison.Ordinal)
            && (!name.Contains("EVENT_DATA", StringComparison.Ordinal) || (eventExport && !(eventExport = false))));
        var faults = await env.Sandbox.PostAsJsonAsync(new Uri(env.PipedriveAddress, "/_sandbox/faults"),
            new { serverErrorShare = 0.10, tooManyRequestsShare = 0.05, commitThenFailShare = 0.02, seed = 2302 });
        Assert.True(faults.IsSuccessStatusCode, await faults.Content.ReadAsStringAsync());

        var started = await env.StartRunAsync(new
        {
            runId = RunId,
            netmera = new { connection = MigrationEnvironment.Connection, segmentId = Migration.Sandbox.NetmeraSimulator.AllUsersSegmentId, importFolder = "proof" },
            pipedrive = new { connection = MigrationEnvironment.Connection },
            // Clicks only, and the map below keeps two event types as activities: the proof needs each
            // kind of record, not tens of thousands of them.
            options = new { batchSize = 100, maxParallelBatches = 4, touchpointStatuses = new[] { "CLICKED" } },
        });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());

        var random = new Random(2302);
        var early = TimeSpan.FromMilliseconds(random.Next(300, 2500));
        await Task.Delay(early);
        await KillAndRestart(env, $"after {early.TotalMilliseconds} ms");

        // Then one kill inside each of these phases, once it has done some of its work.
        string[] moments = ["route-extras", "load-persons", "load-activities", "load-touchpoints"];
        var kills = 1;
        foreach (var phase in moments)
        {
            if (await WaitUntilWorking(env, phase) is { } moment)
            {
                await KillAndRestart(env, moment);
                kills++;
            }
        }
        Assert.True(kills >= 5, $"only {kills} kills landed inside the run's work");

        var status = await env.WaitForEndAsync(RunId, TimeSpan.FromMinutes(Math.Max(10, Users / 100)));
        Assert.True(MigrationEnvironment.Text(status["runtimeStatus"]) == "Completed", status.ToJsonString() + env.Host.Output);
        Assert.True(status["balances"]!.GetValue<bool>(), status.ToJsonString());
        var injected = JsonNode.Parse(await env.Sandbox.GetStringAsync(new Uri(env.PipedriveAddress, "/_sandbox/faults")))!;
        output.WriteLine($"faults injected: {injected.ToJsonString()}");

        var reconciliation = JsonNode.Parse(await env.ReportAsync(RunId, "reconciliation.json"))!["phases"]!.AsArray()
            .ToDictionary(p => MigrationEnvironment.Text(p!["phase"]), p => p!);
        long Created(string phase) => reconciliation.TryGetValue(phase, out var p) ? p["created"]!.GetValue<long>() : 0;
        var snapshot = JsonNode.Parse(await env.Sandbox.GetStringAsync(new Uri(env.PipedriveAddress, "/_sandbox/snapshot")))!;

        // Persons: one per Netmera ID, none missing among the users not rejected or set aside.
        var persons = Live(snapshot["persons"]);
        var personKey = FieldKey(snapshot["personFields"], "Netmera ID");
        AssertOnce("persons", persons.Select(p => MigrationEnvironment.Text(p["custom_fields"]?[personKey])), Created("load-persons"));
        var users = await env.NetmeraUsersAsync();
        var setAside = (await env.ReportAsync(RunId, "rejects-load-persons.csv") + await env.ReportAsync(RunId, "skipped-extract.csv"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("phase,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToHashSet();
        var landed = persons.Select(p => MigrationEnvironment.Text(p["custom_fields"]?[personKey])).ToHashSet();
        var missing = users.Select(u => MigrationEnvironment.Text(u["extId"])).Where(id => !setAside.Contains(id) && !landed.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"missing persons: {string.Join(", ", missing.Take(10))}");

        // Organizations and deals: one per stamped source key.
        AssertOnce("organizations", Live(snapshot["organizations"]).Select(o => MigrationEnvironment.Text(o["custom_fields"]?[FieldKey(snapshot["organizationFields"], "Netmera ID")])),
            Created("load-organizations"));
        AssertOnce("deals", Live(snapshot["deals"]).Select(d => MigrationEnvironment.Text(d["custom_fields"]?[FieldKey(snapshot["dealFields"], "Netmera ID")])),
            Created("load-campaigns"));

        // Activities (events and touchpoints): one per source id marker in the note.
        var markers = Live(snapshot["activities"]).Select(a => Marker().Match(System.Net.WebUtility.HtmlDecode(MigrationEnvironment.Text(a["note"])))).ToList();
        Assert.All(markers, m => Assert.True(m.Success, "an activity without its source id marker"));
        AssertOnce("activities", markers.Select(m => m.Groups[1].Value), Created("load-activities") + Created("load-touchpoints"));

        // Filters: one per moved segment, by name.
        AssertOnce("filters", snapshot["filters"]!.AsArray().Select(f => MigrationEnvironment.Text(f!["name"])).Where(n => n.StartsWith("Netmera segment:", StringComparison.Ordinal)),
            Created("load-filters"));

        foreach (var phase in new[] { "load-organizations", "load-persons", "load-activities", "load-campaigns", "load-touchpoints", "load-filters" })
            Assert.True(Created(phase) > 0, $"{phase} created nothing: the proof must cover it");
    }

    private void AssertOnce(string what, IEnumerable<string> sourceIds, long created)
    {
        var ids = sourceIds.ToList();
        var doubled = ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, $"{what} doubled: {string.Join(", ", doubled.Take(10))}");
        Assert.DoesNotContain("", ids);
        Assert.True(ids.Count == created, $"{what}: {ids.Count} in Pipedrive, {created} created by the run");
        output.WriteLine($"{what}: {ids.Count} in Pipedrive, one per source record");
    }

    private static List<JsonObject> Live(JsonNode? items) =>
        items!.AsArray().Select(i => i!.AsObject()).Where(i => !(i["is_deleted"]?.GetValue<bool>() ?? false) && (i["active_flag"]?.GetValue<bool>() ?? true)).ToList();

    private static string FieldKey(JsonNode? fields, string name) =>
        MigrationEnvironment.Text(fields!.AsArray().Single(f => MigrationEnvironment.Text(f!["field_name"]) == name)!["field_code"]);

    [GeneratedRegex(@"\[netmera:([^\]]+)\]")]
    private static partial Regex Marker();

    private async Task KillAndRestart(MigrationEnvironment env, string moment)
    {
        await env.Host.KillAsync();
        output.WriteLine($"host killed {moment}");
        await env.Host.StartAsync();
    }

    /// <summary>
    /// Polls until the run is in <paramref name="phase"/> with some of its work done (a load phase: a batch
    /// finished and others not), deciding gates on the way; the field map is edited once to summarise all
    /// events but two. Null when the run went past the phase between two polls.
    /// </summary>
    private async Task<string?> WaitUntilWorking(MigrationEnvironment env, string phase)
    {
        // A phase of a 5,000-user proof under these faults runs longer than the default run's whole load.
        var deadline = DateTime.UtcNow.AddMinutes(Math.Max(12, Users / 100));
        while (DateTime.UtcNow < deadline)
        {
            var status = await env.StatusAsync(RunId);
            if (MigrationEnvironment.Text(status["openGate"]?["name"]) is { Length: > 0 } gate)
            {
                if (gate == "mapping")
                    await env.SummariseMostEventsAsync(RunId);
                await env.ApproveGateAsync(RunId, gate);
            }
            var now = MigrationEnvironment.Text(status["phase"]);
            var progress = status["progress"];
            var done = progress?["batchesDone"]?.GetValue<int>() ?? 0;
            var all = progress?["batchCount"]?.GetValue<int>() ?? 0;
            if (now == phase && (!phase.StartsWith("load-", StringComparison.Ordinal) || (done > 0 && done < all)))
                return $"in {phase}" + (all > 0 ? $" with {done} of {all} batches done" : "");
            Assert.False(MigrationEnvironment.Text(status["runtimeStatus"]) == "Failed", $"the run failed: {status.ToJsonString()}\n{env.Host.Output}");
            var order = Migration.Domain.Runs.Phase.All.ToList();
            if (order.IndexOf(now) > order.IndexOf(phase) || MigrationEnvironment.Text(status["runtimeStatus"]) is "Completed" or "Failed")
            {
                output.WriteLine($"the run passed {phase} between two polls (now {now})");
                return null;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the run never worked in {phase}:\n{env.Host.Output}");
    }
}
