using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Migration.Host.Tests;

/// <summary>
/// A run stopped by something only a person can fix stops at once with the reason, and posting the
/// same request after the fix resumes it: finished phases (extraction, the map, the schema, the sample)
/// are not repeated, nothing is doubled.
/// </summary>
public sealed class ResumeTests
{
    [SkippableFact]
    public async Task A_run_stopped_by_a_revoked_token_resumes_after_the_fix_without_repeating_finished_phases()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 400, seed: 31);
        const string tokenSetting = $"Pipedrive__Connections__{MigrationEnvironment.Connection}__ApiToken";

        // Up to the sample gate with a good token: the map approved, the schema made, the sample written.
        Assert.Equal(HttpStatusCode.Accepted, (await env.StartRunAsync(MigrationEnvironment.RunRequest("resume-run"))).StatusCode);
        var open = new List<string> { "gdpr", "mapping", "sample" };
        while (await env.WaitForGateOrAsync("resume-run", open) is { } gate and not "sample")
        {
            Assert.True((await env.ApproveGateAsync("resume-run", gate)).IsSuccessStatusCode);
            open.Remove(gate); // the status may show the gate open a moment longer
        }
        var sampled = (await env.PipedrivePersonsAsync()).Count;
        Assert.InRange(sampled, 100, 500);

        // The token is revoked before the production load: its first phase (organizations) fails with the reason.
        await env.Host.KillAsync();
        env.Host.Configure(tokenSetting, "a-revoked-token");
        await env.Host.StartAsync();
        Assert.True((await env.ApproveGateAsync("resume-run", "sample")).IsSuccessStatusCode);
        var failed = await env.WaitForEndAsync("resume-run", TimeSpan.FromMinutes(3));
        Assert.Equal("Failed", MigrationEnvironment.Text(failed["runtimeStatus"]));
        Assert.Equal("load-organizations", MigrationEnvironment.Text(failed["failure"]?["phase"]));
        Assert.Contains("401", MigrationEnvironment.Text(failed["failure"]?["message"]), StringComparison.Ordinal);
        Assert.Equal(sampled, (await env.PipedrivePersonsAsync()).Count);
        var netmeraCallsBefore = await NetmeraRequests(env);

        await env.Host.KillAsync();
        env.Host.Configure(tokenSetting, env.PipedriveToken);
        await env.Host.StartAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await env.StartRunAsync(MigrationEnvironment.RunRequest("resume-run"))).StatusCode);

        var done = await env.WaitForEndAsync("resume-run", TimeSpan.FromMinutes(3));
        Assert.Equal("Completed", MigrationEnvironment.Text(done["runtimeStatus"]));
        Assert.True(done["balances"]!.GetValue<bool>(), done.ToJsonString());

        // One person per accepted user: the sample's persons were not written again.
        var persons = await env.PipedrivePersonsAsync();
        var created = done["phases"]!.AsArray().Single(p => MigrationEnvironment.Text(p!["name"]) == "load-persons")!["created"]!.GetValue<long>();
        Assert.Equal(created, persons.Count);
        var key = await env.NetmeraIdFieldKeyAsync();
        Assert.All(persons.GroupBy(p => MigrationEnvironment.Text(p["custom_fields"]?[key])), g => Assert.Single(g));
        Assert.InRange(persons.Count, 300, 400);
        // The decisions taken before the failure still stand (the load's reconciliation gate may add its own).
        var decided = done["gates"]!.AsArray().Select(g => MigrationEnvironment.Text(g!["gate"])).ToList();
        Assert.Subset(decided.ToHashSet(), new HashSet<string> { "gdpr", "mapping", "sample" });
        Assert.Equal(decided.Count, decided.Distinct().Count());
        // Only discovery read Netmera again (its segment list and attribute definitions), not the 400 users.
        Assert.InRange(await NetmeraRequests(env) - netmeraCallsBefore, 1, 10);
    }

    private static async Task<long> NetmeraRequests(MigrationEnvironment env) =>
        (await env.Sandbox.GetFromJsonAsync<JsonObject>(new Uri(env.NetmeraAddress, "/_sandbox/stats")))!["requests"]!.GetValue<long>();
}
