using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox;

namespace Migration.Pipedrive.Tests;

/// <summary>
/// The governed client against a simulator that enforces Pipedrive's limits: it stays inside the
/// burst window without meeting a single 429, and it stops, rather than hammering, when 429s persist.
/// </summary>
public sealed class GovernedClientTests
{
    private static async Task<JsonObject> Usage(PipedriveAccount account)
    {
        using var http = new HttpClient();
        return (await http.GetFromJsonAsync<JsonObject>(new Uri(account.Address, "/_sandbox/usage")))!;
    }

    [Fact]
    public async Task A_burst_of_writes_on_a_lite_plan_meets_no_429_and_pays_exactly_its_tokens()
    {
        await using var account = await PipedriveAccount.StartAsync(plan: "Lite",
            simulator: o => o with { Plan = PipedriveSimulatorPlan.Lite, EnforceRateLimits = true });

        // 50 creates at once: the Lite window admits 20 per 2 s, so the governor must pace them.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            account.Client.CreatePersonAsync(new PersonWrite { Name = $"Person {i}" }, CancellationToken.None)));

        var usage = await Usage(account);
        Assert.Equal(0, usage["tooManyRequests"]!["total"]!.GetValue<long>());
        Assert.Equal(250, usage["tokensSpentToday"]!.GetValue<long>());
        Assert.Equal(250, account.Client.Usage.Tokens);
        Assert.Equal(0, account.Client.Usage.Retries);
    }

    [Fact]
    public async Task Persistent_429s_stop_the_client_until_the_reset_after_five_refused_windows()
    {
        await using var account = await PipedriveAccount.StartAsync(
            simulator: o => o with { Faults = new PipedriveFaults { TooManyRequestsShare = 1.0, Seed = 1 } });

        var stopped = await Assert.ThrowsAsync<PipedriveBudgetExhaustedException>(() =>
            account.Client.CreatePersonAsync(new PersonWrite { Name = "Never" }, CancellationToken.None));

        Assert.Equal(BudgetExhaustion.ServerRefused, stopped.Reason);
        Assert.Equal(account.Client.Governor.Allowance.BudgetResetsAt, stopped.Until);
        Assert.Equal(PipedriveGovernor.ConsecutiveRateLimitsBeforeStop, account.Client.Usage.RateLimited);
        // The retry after the fifth refusal goes at once and is refused by the governor before anything is sent.
        Assert.Equal(PipedriveGovernor.ConsecutiveRateLimitsBeforeStop, account.Client.Usage.Retries);
        Assert.Equal(0, account.Client.Usage.Tokens);
        var usage = await Usage(account);
        Assert.Equal(PipedriveGovernor.ConsecutiveRateLimitsBeforeStop, usage["faults"]!["injected"]!["tooManyRequests"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_post_that_fails_with_5xx_is_not_sent_again_but_reads_are_retried()
    {
        await using var account = await PipedriveAccount.StartAsync(
            simulator: o => o with { Faults = new PipedriveFaults { ServerErrorShare = 1.0, Seed = 2 } });

        await Assert.ThrowsAsync<PipedriveTransientException>(() =>
            account.Client.CreatePersonAsync(new PersonWrite { Name = "Once" }, CancellationToken.None));
        Assert.Equal(1, account.Client.Usage.Requests);

        await Assert.ThrowsAsync<PipedriveTransientException>(() => account.Client.GetPersonAsync(1, CancellationToken.None));
        // The GET: first try and one retry per refused window the governor tolerates.
        Assert.Equal(1 + 1 + PipedriveGovernor.ConsecutiveRateLimitsBeforeStop, account.Client.Usage.Requests);
        Assert.Equal(PipedriveGovernor.ConsecutiveRateLimitsBeforeStop, account.Client.Usage.Retries);
    }
}
