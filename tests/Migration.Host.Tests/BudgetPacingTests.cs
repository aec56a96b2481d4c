using System.Globalization;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Migration.Host.Tests;

/// <summary>
/// Issue 6's budget proof on the real host: a daily budget smaller than the run needs. The run spends
/// today's tokens, sleeps on a durable timer until the budget day turns, wakes and finishes with
/// nothing lost. The day is made to turn soon by the connection's budget zone: at the sample gate the
/// host is restarted with a measured UTC offset whose midnight is 60 to 120 s away, which is
/// how an operator tells the tool when Pipedrive's budget comes back.
/// </summary>
public sealed class BudgetPacingTests(ITestOutputHelper output)
{
    private const string RunId = "budget-run";
    private const int Users = 200;

    /// <summary>
    /// Tokens the loads may spend on each budget day. Measured at 200 users (seed 31): everything after the
    /// sample gate costs about 620 tokens, the organizations 175 of them, and persons go 50 to a 250-token batch.
    /// So the first day holds the organizations and at most one batch of persons, never the whole load, and
    /// the second holds the rest.
    /// </summary>
    private const long LoadTokensPerDay = 450;

    [SkippableFact]
    public async Task A_run_larger_than_its_daily_budget_sleeps_until_the_reset_and_finishes_with_nothing_lost()
    {
        var capSetting = $"Pipedrive__Connections__{MigrationEnvironment.Connection}__DailyTokenCap";
        var zoneSetting = $"Pipedrive__Connections__{MigrationEnvironment.Connection}__BudgetTimeZone";
        // Until the sample gate the host keeps its budget day at UTC-12:00. The day the run wakes into must
        // hold none of the pre-gate spend, whatever the hour: the soon-midnight zone below turns into today's
        // UTC date before 10:00 UTC and tomorrow's after, and a UTC-12:00 day is yesterday's date before
        // 12:00 UTC, so it never collides (a CI run at 00:31 UTC once woke into the pre-gate day, already over the cap).
        await using var env = await MigrationEnvironment.StartAsync(users: Users, seed: 31,
            hostSettings: new Dictionary<string, string> { [zoneSetting] = "UTC-12:00" });

        var started = await env.StartRunAsync(MigrationEnvironment.RunRequest(RunId, maxParallelBatches: 2, batchSize: 50));
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        await ApproveGatesUntil(env, "sample");

        // The server's midnight, 60 to 120 s from now: the loads spend the day's cap well before it.
        // What the run spent so far (in UTC days) counts against the cap when the new zone's day is the same date.
        // The cap is what the new zone's current day already holds of the pre-gate spend, plus the loads' day.
        // Status shows the spend on the host's current budget day, still the UTC-12:00 one here.
        var now = DateTimeOffset.UtcNow;
        var zone = ZoneWithMidnightSoon(now, out var midnight);
        var before = (await env.StatusAsync(RunId))["pipedrive"]!;
        var spentBeforeGate = before["run"]!["tokens"]!.GetValue<long>();
        var heldToday = DayIn(now, "UTC-12:00") == DayIn(now, zone) ? before["today"]!["used"]!.GetValue<long>() : 0;
        var cap = heldToday + LoadTokensPerDay;
        await env.Host.KillAsync();
        env.Host.Configure(zoneSetting, zone);
        env.Host.Configure(capSetting, cap.ToString(CultureInfo.InvariantCulture));
        await env.Host.StartAsync();
        output.WriteLine($"budget zone {zone}: the day turns at {midnight:u}; {spentBeforeGate} tokens spent before the sample gate, {heldToday} of them on the zone's current day; daily cap {cap}");
        Assert.True((await env.ApproveGateAsync(RunId, "sample")).IsSuccessStatusCode);

        DateTimeOffset? sleptUntil = null;
        long usedBeforeSleep = 0;
        JsonNode status;
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (true)
        {
            status = await env.StatusAsync(RunId);
            var pipedrive = status["pipedrive"];
            if (pipedrive?["waitingForBudgetUntil"] is JsonValue until && sleptUntil is null)
            {
                sleptUntil = until.GetValue<DateTimeOffset>();
                usedBeforeSleep = pipedrive["today"]!["used"]!.GetValue<long>();
                output.WriteLine($"{MigrationEnvironment.Text(status["phase"])} sleeps until {sleptUntil:u} with {usedBeforeSleep} of {cap} tokens spent today");
            }
            if (MigrationEnvironment.Text(status["runtimeStatus"]) is "Completed" or "Failed" or "Terminated")
                break;
            if (MigrationEnvironment.Text(status["openGate"]?["name"]) is { Length: > 0 } gate)
                await env.ApproveGateAsync(RunId, gate);
            Assert.True(DateTime.UtcNow < deadline, $"the run did not end: {status.ToJsonString()}\n{env.Host.Output}");
            await Task.Delay(500);
        }

        Assert.True(MigrationEnvironment.Text(status["runtimeStatus"]) == "Completed", status.ToJsonString() + env.Host.Output);
        Assert.True(status["balances"]!.GetValue<bool>(), status.ToJsonString());

        var runTokens = status["pipedrive"]!["run"]!["tokens"]!.GetValue<long>();
        output.WriteLine($"the run spent {runTokens} tokens, {runTokens - spentBeforeGate} after the sample gate");

        // It slept for the reset, having spent no more than the day allowed, and woke only after the day turned.
        Assert.True(sleptUntil is not null, "the run never slept for the budget: the cap was not smaller than the run");
        Assert.True(usedBeforeSleep <= cap, $"{usedBeforeSleep} tokens spent before sleeping, more than the cap {cap}");
        Assert.True(sleptUntil >= midnight, $"woke at {sleptUntil:u}, before the day turned at {midnight:u}");
        var today = status["pipedrive"]!["today"]!["used"]!.GetValue<long>();
        Assert.True(today <= cap, $"{today} tokens spent on the new day, more than the cap {cap}");
        Assert.True(runTokens - spentBeforeGate > LoadTokensPerDay, $"the run spent {runTokens} tokens: one day's cap held it");
        output.WriteLine($"run spent {runTokens} tokens over two budget days; {today} on the second");

        // Nothing lost and nothing doubled: every user not set aside is exactly one person.
        var persons = await env.PipedrivePersonsAsync();
        var key = await env.NetmeraIdFieldKeyAsync();
        var ids = persons.Select(p => MigrationEnvironment.Text(p["custom_fields"]?[key])).Where(id => id.Length > 0).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var setAside = (await env.ReportAsync(RunId, "rejects-load-persons.csv") + await env.ReportAsync(RunId, "skipped-extract.csv"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("phase,", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToHashSet();
        var missing = (await env.NetmeraUsersAsync()).Select(u => MigrationEnvironment.Text(u["extId"]))
            .Where(id => !setAside.Contains(id) && !ids.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"missing persons: {string.Join(", ", missing.Take(10))}");
    }

    private static DateOnly DayIn(DateTimeOffset now, string zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Migration.Pipedrive.RateLimits.ParseBudgetTimeZone(zone)).DateTime);

    /// <summary>A fixed UTC offset whose midnight falls 60–120 s after <paramref name="now"/> (offsets are whole minutes).</summary>
    internal static string ZoneWithMidnightSoon(DateTimeOffset now, out DateTimeOffset midnight)
    {
        var atMinute = now.AddSeconds(60);
        midnight = new DateTimeOffset(atMinute.Year, atMinute.Month, atMinute.Day, atMinute.Hour, atMinute.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var offset = TimeSpan.FromDays(1) - midnight.TimeOfDay;
        if (offset > TimeSpan.FromHours(14))
            offset -= TimeSpan.FromDays(1);
        return $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
    }

    private static async Task ApproveGatesUntil(MigrationEnvironment env, string stopAt)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var status = await env.StatusAsync(RunId);
            var gate = MigrationEnvironment.Text(status["openGate"]?["name"]);
            if (gate == stopAt)
                return;
            if (gate.Length > 0)
                await env.ApproveGateAsync(RunId, gate);
            Assert.True(DateTime.UtcNow < deadline && MigrationEnvironment.Text(status["runtimeStatus"]) is not ("Completed" or "Failed"),
                $"the run did not reach the {stopAt} gate: {status.ToJsonString()}\n{env.Host.Output}");
            await Task.Delay(250);
        }
    }
}
