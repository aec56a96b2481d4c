using System.Net;
using System.Text.Json.Nodes;
using Migration.Sandbox;

namespace Migration.Host.Tests;

/// <summary>
/// Issue 4's gates through the local host: a segment that misses users stops the run at discovery;
/// the GDPR gate can exclude EU/EEA users; Netmera's quota pauses extraction instead of failing it.
/// </summary>
public sealed class DiscoveryAndGateTests
{
    /// <summary>Where the GDPR applies: the EU 27 and the EEA's Iceland, Liechtenstein and Norway.</summary>
    private static readonly HashSet<string> Eea =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    ];

    [SkippableFact]
    public async Task A_segment_covering_under_95_percent_stops_the_run_at_discovery_with_the_numbers()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 300, seed: 41);
        await env.StartRunAsync(MigrationEnvironment.RunRequest("coverage-run", segmentId: NetmeraSimulator.ActiveUsersSegmentId));

        var status = await env.WaitForEndAsync("coverage-run", TimeSpan.FromMinutes(2));
        Assert.Equal("Failed", MigrationEnvironment.Text(status["runtimeStatus"]));
        Assert.Equal("discover", MigrationEnvironment.Text(status["failure"]?["phase"]));
        var message = MigrationEnvironment.Text(status["failure"]?["message"]);
        Assert.Contains("below the 95", message, StringComparison.Ordinal);
        Assert.Contains("users would be left behind", message, StringComparison.Ordinal);

        var scope = JsonNode.Parse(await env.ReportAsync("coverage-run", "scope.json"))!;
        var truth = await env.NetmeraTruthAsync();
        Assert.Equal(truth["knownUserCount"]!.GetValue<long>(), scope["knownUsers"]!.GetValue<long>());
        Assert.False(scope["coveragePasses"]!.GetValue<bool>());
        Assert.Contains("NOT met", await env.ReportAsync("coverage-run", "scope.md"), StringComparison.Ordinal);
        Assert.Empty(await env.PipedrivePersonsAsync());
    }

    [SkippableFact]
    public async Task Excluding_eu_users_at_the_gdpr_gate_leaves_every_one_of_them_in_netmera()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 300, seed: 43);
        await env.StartRunAsync(MigrationEnvironment.RunRequest("gdpr-run"));

        var held = await env.WaitForGateAsync("gdpr-run", "gdpr", TimeSpan.FromMinutes(2));
        var euIds = env.NetmeraGroundTruth.Where(u => u.Country is not null && Eea.Contains(u.Country)).Select(u => u.ExtId).ToHashSet();
        var scope = JsonNode.Parse(await env.ReportAsync("gdpr-run", "scope.json"))!;
        Assert.Equal(euIds.Count, scope["euUsers"]!.GetValue<long>());
        Assert.Contains(euIds.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            MigrationEnvironment.Text(held["openGate"]!["question"]), StringComparison.Ordinal);

        // A basis is required to approve; excluding needs none.
        Assert.Equal(HttpStatusCode.BadRequest, (await env.ApproveAsync("gdpr-run", "gdpr", new { approver = "DPO", decision = "approve" })).StatusCode);
        Assert.True((await env.ApproveAsync("gdpr-run", "gdpr", MigrationEnvironment.GdprApproval("exclude-eu"))).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await env.ApproveAsync("gdpr-run", "gdpr", MigrationEnvironment.GdprApproval())).StatusCode);

        var status = await env.WaitForEndAsync("gdpr-run", TimeSpan.FromMinutes(3)); // the GDPR gate is decided; the map and the sample are approved as they open
        Assert.Equal("Completed", MigrationEnvironment.Text(status["runtimeStatus"]));
        Assert.True(status["balances"]!.GetValue<bool>());

        var key = await env.NetmeraIdFieldKeyAsync();
        var landed = (await env.PipedrivePersonsAsync()).Select(p => MigrationEnvironment.Text(p["custom_fields"]?[key])).ToHashSet();
        var skipped = (await env.ReportAsync("gdpr-run", "skipped-extract.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).Where(f => f[2] == "eu_excluded").Select(f => f[1]).ToHashSet();

        Assert.NotEmpty(euIds);
        Assert.Empty(euIds.Intersect(landed));
        // Every EU/EEA user is either excluded by the decision, or merged into an excluded user first.
        Assert.Subset(euIds, skipped);
    }

    [SkippableFact]
    public async Task Netmeras_quota_pauses_extraction_and_the_run_still_completes()
    {
        // 250 requests a minute; discovery and 150 users (two reads each) need about 310, so extraction meets 5022 once.
        await using var env = await MigrationEnvironment.StartAsync(users: 150, seed: 47, netmeraOptions: o => o with { QuotaPerMinute = 250 });
        await env.StartRunAsync(MigrationEnvironment.RunRequest("quota-run"));

        var sawPause = false;
        var deadline = DateTime.UtcNow.AddMinutes(4);
        JsonNode status;
        while (true)
        {
            status = await env.StatusAsync("quota-run");
            sawPause |= status["waitingForNetmeraQuotaUntil"] is not null;
            if (MigrationEnvironment.Text(status["openGate"]?["name"]) is { Length: > 0 } gate)
                await env.ApproveGateAsync("quota-run", gate);
            if (MigrationEnvironment.Text(status["runtimeStatus"]) is "Completed" or "Failed" || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(250);
        }

        Assert.Equal("Completed", MigrationEnvironment.Text(status["runtimeStatus"]));
        Assert.True(status["balances"]!.GetValue<bool>());
        Assert.True(sawPause, "the run never showed a pause for Netmera's quota");
        Assert.Contains("5022", env.Host.Output, StringComparison.Ordinal);
    }
}
