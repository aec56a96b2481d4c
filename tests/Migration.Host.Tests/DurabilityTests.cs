using Xunit.Abstractions;

namespace Migration.Host.Tests;

/// <summary>
/// DESIGN §4.1 under SIGKILL: the host dies with no shutdown code running (mid-extract, mid-load),
/// comes back with the same worker id on the same storage, and the run finishes with no person
/// missing and none doubled.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Killing_the_host_while_the_run_works_loses_and_doubles_no_person()
    {
        // A little latency on every Pipedrive call keeps the load in flight long enough to be interrupted.
        await using var env = await MigrationEnvironment.StartAsync(users: 1500, seed: 23, pipedriveLatency: TimeSpan.FromMilliseconds(10));
        var random = new Random(2302);

        var started = await env.StartRunAsync(MigrationEnvironment.RunRequest("crash-run", maxParallelBatches: 2));
        Assert.True(started.IsSuccessStatusCode);

        // First kill: at a random moment early in the run (discover, extract or the first batches).
        var early = TimeSpan.FromMilliseconds(random.Next(300, 2500));
        await Task.Delay(early);
        await KillAndRestart(env, $"after {early.TotalMilliseconds} ms");

        // Second kill: while persons are loading, once some batches are done and others are not.
        var (done, expected) = await WaitUntilLoading(env, "crash-run");
        await KillAndRestart(env, $"with {done} of {expected} persons accounted for");

        var status = await env.WaitForEndAsync("crash-run", TimeSpan.FromMinutes(5));
        Assert.True(MigrationEnvironment.Text(status["runtimeStatus"]) == "Completed", env.Host.Output);
        Assert.True(status["balances"]!.GetValue<bool>(), status.ToJsonString());

        var users = await env.NetmeraUsersAsync();
        var persons = await env.PipedrivePersonsAsync();
        var key = await env.NetmeraIdFieldKeyAsync();
        var rejected = (await env.ReportAsync("crash-run", "rejects-load-persons.csv") + await env.ReportAsync("crash-run", "skipped-extract.csv"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("phase,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToHashSet();

        var perUser = persons.GroupBy(p => MigrationEnvironment.Text(p["custom_fields"]?[key])).ToDictionary(g => g.Key, g => g.Count());
        var doubled = perUser.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        var missing = users.Select(u => MigrationEnvironment.Text(u["extId"])).Where(id => !rejected.Contains(id) && !perUser.ContainsKey(id)).ToList();
        Assert.True(doubled.Count == 0, $"doubled: {string.Join(", ", doubled.Take(10))}");
        Assert.True(missing.Count == 0, $"missing: {string.Join(", ", missing.Take(10))}");
        Assert.Equal(users.Count - rejected.Count, persons.Count);
        Assert.All(persons, p => Assert.False(p["is_deleted"]?.GetValue<bool>() ?? false));
    }

    private async Task KillAndRestart(MigrationEnvironment env, string moment)
    {
        await env.Host.KillAsync();
        output.WriteLine($"host killed {moment}");
        await env.Host.StartAsync();
    }

    private static async Task<(long Done, long Expected)> WaitUntilLoading(MigrationEnvironment env, string runId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var status = await env.StatusAsync(runId);
            if (MigrationEnvironment.Text(status["openGate"]?["name"]) is { Length: > 0 } gate)
                await env.ApproveGateAsync(runId, gate);
            var persons = status["phases"]!.AsArray().Single(p => MigrationEnvironment.Text(p!["name"]) == "load-persons")!;
            long done = persons["done"]!.GetValue<long>(), expected = persons["expected"]!.GetValue<long>();
            if (done > 0 && done < expected)
                return (done, expected);
            Assert.False(expected > 0 && done >= expected, "the load finished before it could be interrupted; slow the simulator down");
            await Task.Delay(100);
        }
        throw new TimeoutException($"persons never started loading:\n{env.Host.Output}");
    }
}
