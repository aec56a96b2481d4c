using System.Text.Json.Nodes;
using Migration.Cli;
using Spectre.Console;
using Xunit.Abstractions;

namespace Migration.Host.Tests;

/// <summary>
/// The estimator against a measured run: a whole migration on the simulator enforcing the Ultimate plan
/// (events, campaigns and touchpoints from export files, organizations, segments), then the estimate for
/// the counts an operator reads before starting, asked of the same host through the CLI, compared with the
/// tokens Pipedrive counted.
/// </summary>
public sealed class EstimateAccuracyTests(ITestOutputHelper output)
{
    private const string RunId = "estimate-run";

    /// <summary>How far the estimate may be from the measured tokens (docs/estimator.md).</summary>
    private const double Tolerance = 0.15;

    [SkippableFact]
    public async Task The_estimate_for_a_runs_counts_is_within_15_percent_of_the_tokens_it_spent()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 150, seed: 29);
        var eventExport = true;
        await env.UploadExportsAsync("estimate", name =>
            !name.Contains("users_export", StringComparison.Ordinal)
            && (!name.Contains("EVENT_DATA", StringComparison.Ordinal) || (eventExport && !(eventExport = false))));
        var started = await env.StartRunAsync(new
        {
            runId = RunId,
            netmera = new { connection = MigrationEnvironment.Connection, segmentId = Migration.Sandbox.NetmeraSimulator.AllUsersSegmentId, importFolder = "estimate" },
            pipedrive = new { connection = MigrationEnvironment.Connection },
        });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        // The proposal as it is: high-frequency events summarised. About a minute here; the bound allows for a loaded machine.
        var status = await env.WaitForEndAsync(RunId, TimeSpan.FromMinutes(8));
        Assert.True(MigrationEnvironment.Text(status["runtimeStatus"]) == "Completed", status.ToJsonString() + env.Host.Output);
        var measured = (await env.PipedriveUsageAsync())["tokensSpentToday"]!.GetValue<long>();

        // What an operator reads in Netmera's panel before starting: users less merged duplicates, events per
        // user and the share of high-frequency ones (the proposal summarises those), campaigns, engaged pairs
        // (per campaign and platform, the larger of shown and clicked), segments with members. Netmera has no
        // count of the companies users name, so organizations come from the run's own organization plan.
        var truth = await env.NetmeraTruthAsync();
        var users = truth["users"]!.GetValue<long>();
        var duplicates = truth["duplicates"]!["extraUsersByEmail"]!.GetValue<long>() + truth["duplicates"]!["extraUsersByDevice"]!.GetValue<long>();
        var events = truth["events"]!;
        var campaigns = truth["campaigns"]!;
        var touchpoints = campaigns["byKey"]!.AsArray().Where(c => c!["stats"] is JsonObject)
            .SelectMany(c => c!["stats"]!["platforms"]!.AsArray())
            .Sum(p => Math.Max(p!["shown"]!.GetValue<long>(), p["clicked"]!.GetValue<long>()));
        var segments = truth["segments"]!.AsArray().Count(s => s!["id"]!.GetValue<long>() != Migration.Sandbox.NetmeraSimulator.AllUsersSegmentId && s["userCount"] is JsonValue);
        var reconciliation = JsonNode.Parse(await env.ReportAsync(RunId, "reconciliation.json"))!["phases"]!.AsArray();
        var organizations = reconciliation.Single(p => MigrationEnvironment.Text(p!["phase"]) == "load-organizations")!["expected"]!.GetValue<long>();

        var (code, stdout, stderr) = await CliAsync(env,
            "estimate", "--json", "--plan", "ultimate",
            "--users", (users - duplicates).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--organizations", organizations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--events-per-user", (events["total"]!.GetValue<double>() / users).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "--summarised-event-share", (events["highFrequency"]!.GetValue<double>() / events["total"]!.GetValue<double>()).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "--campaigns", campaigns["keys"]!.AsArray().Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--touchpoints", touchpoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--segments", segments.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == ExitCodes.Ok, stderr);
        var estimate = JsonNode.Parse(stdout)!;
        var estimated = estimate["tokens"]!.GetValue<long>();
        output.WriteLine($"measured {measured:N0} tokens, estimated {estimated:N0} ({(double)estimated / measured - 1:P1}): {estimate["lines"]!.ToJsonString()}");
        Assert.InRange(estimated, (long)(measured * (1 - Tolerance)), (long)(measured * (1 + Tolerance)));
        Assert.Equal(210_000, estimate["dailyTokens"]!.GetValue<long>()); // Ultimate, one seat: what the simulator enforced
        Assert.False(estimate["scopeIndividually"]!.GetValue<bool>());

        // The CLI against the same real host: the finished run's status exits 0 and its reports list the reconciliation.
        (code, stdout, stderr) = await CliAsync(env, "status", RunId, "--json");
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal("Completed", MigrationEnvironment.Text(JsonNode.Parse(stdout)!["runtimeStatus"]));
        (code, stdout, _) = await CliAsync(env, "reports", "get", RunId);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("reconciliation.json", stdout, StringComparison.Ordinal);
        (code, _, stderr) = await CliAsync(env, "status", "no-such-run");
        Assert.Equal(ExitCodes.NotFound, code);
        Assert.Contains("No such run", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Error)> CliAsync(MigrationEnvironment env, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var code = await Migration.Cli.Cli.RunAsync([.. args, "--url", env.Host.Http.BaseAddress!.ToString()], new CliEnvironment(console, stdout, stderr) { Variable = _ => null });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
