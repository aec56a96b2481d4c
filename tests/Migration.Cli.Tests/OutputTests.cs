using static Migration.Cli.Tests.Fixtures;

namespace Migration.Cli.Tests;

/// <summary>What people and scripts read: tables from the host's answers, and the host's JSON untouched with --json.</summary>
public sealed class OutputTests
{
    [Theory]
    [InlineData("status", "acme-2026-11")]
    [InlineData("mapping", "show", "acme-2026-11")]
    [InlineData("estimate", "--users", "1000")]
    [InlineData("list")]
    public async Task With_json_every_read_command_prints_the_hosts_answer_as_it_is(params string[] args)
    {
        var body = args[0] switch
        {
            "status" => Status(),
            "mapping" => Mapping,
            "estimate" => Estimate,
            _ => """[{"runId":"acme-2026-11","createdAt":"2026-11-28T12:00:00Z","runtimeStatus":"Running","phase":"extract"}]""",
        };
        var host = new FakeHost().On("GET", Run, 200, body).On("GET", Run + "/mapping?format=json", 200, body)
            .On("POST", "/api/estimates", 200, body).On("GET", "/api/migrations", 200, body);

        var run = await CliRun.Of(host, [.. args, "--json"]);

        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(body + Environment.NewLine, run.Out);
        Assert.Equal("", run.Console); // nothing else on standard output
    }

    [Fact]
    public async Task A_problem_is_passed_through_with_json_too()
    {
        var host = new FakeHost().Problem("GET", Run, 404, "run-not-found", "No such run", "none");
        var run = await CliRun.Of(host, "status", "acme-2026-11", "--json");

        Assert.Equal(ExitCodes.NotFound, run.Code);
        Assert.Contains("urn:netmera-pipedrive:problem:run-not-found", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_phases_as_bars_with_counts_the_load_budget_and_the_open_gate()
    {
        var host = new FakeHost().On("GET", Run, 200, Status(gate: "gdpr"));
        var screen = (await CliRun.Of(host, "status", "acme-2026-11")).Console;

        Assert.Contains("Run acme-2026-11", screen, StringComparison.Ordinal);
        Assert.Contains("Waiting at a gate", screen, StringComparison.Ordinal);
        Assert.Matches(@"load-persons\s+│\s+█+░+\s+46%\s+│\s+917\s+│\s+1,990\s+│\s+900\s+│\s+0\s+│\s+0\s+│\s+17", screen); // 917 of 1,990
        Assert.Matches(@"extract\s+│\s+█{24}\s+100%", screen);
        Assert.Contains("9/20 batches, 4,585 tokens, ETA 2026-11-28 14:02 UTC", screen, StringComparison.Ordinal);
        Assert.Contains("used 50,000 of 210,000 tokens today, 160,000 left, resets 2026-11-29 00:00 UTC", screen, StringComparison.Ordinal);
        Assert.Contains("This run: 4,685 tokens in 937 requests, 2 retries, 0 × 429, 1 × 5xx", screen, StringComparison.Ordinal);
        Assert.Contains("gdpr question: 93 of the segment's users are in the EU/EEA.", screen, StringComparison.Ordinal);
        Assert.Contains("netmera-pipedrive approve acme-2026-11 gdpr --approver \"<name>\" --decision approve --basis", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_shows_why_and_how_to_resume()
    {
        var host = new FakeHost().On("GET", Run, 200, Status("Failed", failure: "Pipedrive refused the token"));
        var screen = (await CliRun.Of(host, "status", "acme-2026-11")).Console;

        Assert.Contains("Failed in load-persons", screen, StringComparison.Ordinal);
        Assert.Contains("Pipedrive refused the token", screen, StringComparison.Ordinal);
        Assert.Contains("POST the same request again", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_follows_the_run_until_a_gate_opens_and_exits_4()
    {
        var host = new FakeHost()
            .On("GET", Run, 200, Status(phase: "extract", progress: false))
            .On("GET", Run, 200, Status(phase: "extract", progress: false)) // unchanged: not printed again
            .On("GET", Run, 200, Status(phase: "load-persons"))
            .On("GET", Run, 200, Status(phase: "mapping-gate", gate: "mapping", progress: false));

        var run = await CliRun.Of(host, "status", "acme-2026-11", "--watch");

        Assert.Equal(ExitCodes.AtGate, run.Code);
        Assert.Equal(4, host.Requests.Count);
        var lines = run.Console.Split('\n').Where(l => l.StartsWith("acme-2026-11:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("batches 9/20, 4,585 tokens", lines[1], StringComparison.Ordinal);
        Assert.Contains("waiting at gate mapping", lines[2], StringComparison.Ordinal);
        Assert.Contains("netmera-pipedrive mapping approve acme-2026-11", run.Console, StringComparison.Ordinal); // the full view at the end
    }

    [Fact]
    public async Task Watch_ends_with_the_runs_outcome()
    {
        var host = new FakeHost().On("GET", Run, 200, Status()).On("GET", Run, 200, Status("Completed", phase: "completed", progress: false));

        Assert.Equal(ExitCodes.Ok, (await CliRun.Of(host, "status", "acme-2026-11", "--watch")).Code);
        var failed = new FakeHost().On("GET", Run, 200, Status()).On("GET", Run, 200, Status("Failed", failure: "drift"));
        var run = await CliRun.Of(failed, "status", "acme-2026-11", "--watch", "--json");
        Assert.Equal(ExitCodes.RunFailed, run.Code);
        Assert.Contains("\"runtimeStatus\": \"Failed\"", run.Out, StringComparison.Ordinal); // the last status, for scripts
    }

    [Fact]
    public async Task On_a_terminal_watch_redraws_the_view_in_place_until_the_run_completes()
    {
        var host = new FakeHost().On("GET", Run, 200, Status()).On("GET", Run, 200, Status("Completed", phase: "completed", progress: false));

        var run = await CliRun.OnTerminal(host, "status", "acme-2026-11", "--watch");

        Assert.Equal(ExitCodes.Ok, run.Code);
        Assert.Equal(2, host.Requests.Count);
        Assert.Contains("9/20 batches", run.Console, StringComparison.Ordinal); // the first frame
        Assert.Contains("Completed", run.Console, StringComparison.Ordinal);     // the last
        Assert.Contains("\u001b[", run.Console, StringComparison.Ordinal);      // redrawn with cursor movements, not appended lines
        Assert.DoesNotContain("acme-2026-11: Running", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_show_is_a_table_of_lines_and_from_shows_the_diff()
    {
        var host = new FakeHost().On("GET", Run + "/mapping?format=json", 200, Mapping)
            .On("GET", Run + "/mapping", 200, Mapping).On("GET", Run + "/mapping/diff?from=1&to=2&format=json", 200, Diff);

        var map = (await CliRun.Of(host, "mapping", "show", "acme-2026-11")).Console;
        var diff = await CliRun.Of(host, "mapping", "show", "acme-2026-11", "--from", "1");

        Assert.Contains("version 2 of 2, not approved yet", map, StringComparison.Ordinal);
        Assert.Matches(@"profile:city\s+│\s+STRING\s+│\s+person custom ""City"" \(varchar\)\s+│\s+text\s+│\s+92%", map);
        Assert.Contains("summarised: no activity per event", map, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, diff.Code);
        Assert.Contains("version 1 → 2", diff.Console, StringComparison.Ordinal);
        Assert.Matches(@"event:n:cl\s+│\s+activity activity-type ""Login"" · activity\s+│\s+person summary ""Login"" · summary", diff.Console);
    }

    [Fact]
    public async Task Estimate_shows_tokens_days_hours_and_what_cuts_most()
    {
        var host = new FakeHost().On("POST", "/api/estimates", 200, Estimate);
        var screen = (await CliRun.Of(host, "estimate", "--users", "1000")).Console;

        Assert.Matches(@"event activities\s+│\s+2,000\s+│\s+2,000\s+│\s+10,000", screen);
        Assert.Matches(@"total\s+│\s+3,000\s+│\s+3,000\s+│\s+15,000", screen);
        Assert.Contains("Pipedrive Ultimate, 1 seat(s), 0 top-up tokens: 210,000 tokens a day, 120 requests per 2 s", screen, StringComparison.Ordinal);
        Assert.Contains("0.07 days of the daily budget (1 budget day(s) from a reset); 0.01 hours of requests at the burst limit", screen, StringComparison.Ordinal);
        Assert.Matches(@"field map: events as summaries\s+│\s+summarise every event type\s+│\s+10,000\s+│\s+0.05", screen);
        Assert.Contains("fit in one day's budget", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_get_lists_prints_and_saves()
    {
        var host = new FakeHost()
            .On("GET", Run + "/reports", 200, """[{"name":"scope.md","url":"/api/migrations/acme-2026-11/reports/scope.md","contentType":"text/markdown"}]""")
            .On("GET", Run + "/reports/scope.md", 200, "# Scope\n2,000 users\n", "text/markdown");
        var folder = Directory.CreateTempSubdirectory().FullName;

        var list = await CliRun.Of(host, "reports", "get", "acme-2026-11");
        var one = await CliRun.Of(host, "reports", "get", "acme-2026-11", "scope.md");
        var all = await CliRun.Of(host, "reports", "get", "acme-2026-11", "--out", folder);

        Assert.Contains("scope.md", list.Console, StringComparison.Ordinal);
        Assert.Equal("# Scope\n2,000 users\n", one.Out);
        Assert.Equal(ExitCodes.Ok, all.Code);
        Assert.Equal("# Scope\n2,000 users\n", await File.ReadAllTextAsync(Path.Combine(folder, "scope.md")));
        Directory.Delete(folder, recursive: true);
    }
}
