using System.Text.Json.Nodes;
using static Migration.Cli.Tests.Fixtures;

namespace Migration.Cli.Tests;

/// <summary>Parsing and exit codes: what a script relies on (docs/cli.md).</summary>
public sealed class ExitCodeTests
{
    [Theory]
    [InlineData("")] // no command
    [InlineData("status")] // no run id
    [InlineData("status r1 --no-such-option")]
    [InlineData("approve r1 gdpr")] // --approver is required
    [InlineData("rollback r1")] // neither --preview nor --yes
    [InlineData("status r1 --url ftp://host")]
    [InlineData("start /no/such/config.json")]
    [InlineData("estimate --plan ultimate")] // --users is required
    [InlineData("status r1 --watch --interval 0")]
    public async Task A_wrong_command_line_exits_2_and_sends_nothing(string commandLine)
    {
        var host = new FakeHost();
        var run = await CliRun.Of(host, commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.StartsWith("error:", run.Error, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task A_config_file_that_is_not_json_is_a_usage_error()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{ runId: ");
        var run = await CliRun.Of(new FakeHost(), "start", file);
        File.Delete(file);

        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains("not valid JSON", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Completed", null, null, ExitCodes.Ok)]
    [InlineData("Running", null, null, ExitCodes.Ok)]
    [InlineData("Running", "gdpr", null, ExitCodes.AtGate)]
    [InlineData("Failed", null, "Pipedrive refused the token", ExitCodes.RunFailed)]
    [InlineData("Terminated", null, "terminated by an operator", ExitCodes.RunFailed)]
    public async Task Status_exits_with_what_the_run_is_doing(string runtime, string? gate, string? failure, int expected)
    {
        var host = new FakeHost().On("GET", Run, 200, Status(runtime, gate: gate, failure: failure));

        Assert.Equal(expected, (await CliRun.Of(host, "status", "acme-2026-11")).Code);
    }

    [Fact]
    public async Task A_host_that_does_not_answer_exits_3()
    {
        var run = await CliRun.Of(new FakeHost { Unreachable = true }, "status", "acme-2026-11");

        Assert.Equal(ExitCodes.HostUnreachable, run.Code);
        Assert.Contains("did not answer", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_api_key_exits_3_and_says_how_to_pass_one()
    {
        var host = new FakeHost().Problem("GET", Run, 401, "api-key-required", "An API key is required", "send x-api-key");
        var run = await CliRun.Of(host, "status", "acme-2026-11");

        Assert.Equal(ExitCodes.HostUnreachable, run.Code);
        Assert.Contains("--api-key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_run_exits_5_with_the_hosts_words()
    {
        var host = new FakeHost().Problem("GET", Run, 404, "run-not-found", "No such run", "No migration run has the id 'acme-2026-11'.");
        var run = await CliRun.Of(host, "status", "acme-2026-11");

        Assert.Equal(ExitCodes.NotFound, run.Code);
        Assert.Contains("No such run (HTTP 404): No migration run has the id 'acme-2026-11'.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_decision_exits_6_and_lists_the_problems()
    {
        var host = new FakeHost().On("POST", Run + "/approvals/gdpr", 400, """
            {"type":"urn:netmera-pipedrive:problem:invalid-request","title":"The approval is not valid","status":400,"detail":"basis is required","errors":["basis is required to approve moving EU/EEA users"]}
            """, "application/problem+json");
        var run = await CliRun.Of(host, "approve", "acme-2026-11", "gdpr", "--approver", "Ayşe DPO");

        Assert.Equal(ExitCodes.Refused, run.Code);
        Assert.Contains("- basis is required to approve moving EU/EEA users", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_failure_exits_8()
    {
        var host = new FakeHost().On("GET", Run, 500, "boom", "text/plain");

        Assert.Equal(ExitCodes.HostError, (await CliRun.Of(host, "status", "acme-2026-11")).Code);
    }

    [Theory]
    [InlineData("rollback", "--preview")]
    [InlineData("cutover", "sync")]
    public async Task A_host_without_the_route_is_said_not_to_support_it_and_exits_7(string command, params string[] options)
    {
        // The local host answers an unknown route with a generic not-found problem; Functions with a bare 404.
        var path = command == "cutover" ? $"{Run}/cutover/sync" : $"{Run}/{command}";
        var host = new FakeHost().Problem("POST", path, 404, "not-found", "No such endpoint", "POST is not part of this API.");
        var arguments = command == "cutover" ? [command, .. options, "acme-2026-11"] : new[] { command, "acme-2026-11" }.Concat(options).ToArray();
        var run = await CliRun.Of(host, arguments);

        Assert.Equal(ExitCodes.NotSupported, run.Code);
        Assert.Contains($"the host does not support {command}", run.Error, StringComparison.Ordinal);
    }
}

/// <summary>What the CLI sends: paths, bodies and the key headers.</summary>
public sealed class RequestTests
{
    [Fact]
    public async Task The_api_key_goes_in_both_hosts_headers_from_the_option_or_the_environment()
    {
        var host = new FakeHost().On("GET", Run, 200, Status("Completed"));
        await CliRun.Of(host, "status", "acme-2026-11", "--api-key", "k-option");
        await CliRun.Of(host, v => v switch { "NETMERA_PIPEDRIVE_API_KEY" => "k-env", "NETMERA_PIPEDRIVE_URL" => "http://10.0.0.1:9000/prefix", _ => null },
            "status", "acme-2026-11");

        Assert.Equal("k-option", host.Requests[0].Headers["x-api-key"]);
        Assert.Equal("k-option", host.Requests[0].Headers["x-functions-key"]);
        Assert.Equal("k-env", host.Requests[1].Headers["x-api-key"]);
        Assert.Equal("/prefix" + Run, host.Requests[1].PathAndQuery); // a base path is kept
    }

    [Fact]
    public async Task Rollback_preview_and_cutover_send_the_agreed_bodies()
    {
        var host = new FakeHost()
            .On("POST", Run + "/rollback", 200, """{"preview":true,"phases":[{"phase":"load-persons","delete":900,"keptEdited":3}]}""")
            .On("POST", Run + "/cutover", 202, """{"runId":"acme-2026-11","state":"open"}""");

        var preview = await CliRun.Of(host, "rollback", "acme-2026-11", "--preview", "--phase", "load-persons", "--phase", "load-activities");
        var cutover = await CliRun.Of(host, "cutover", "declare", "acme-2026-11", "--declared-by", "Ops", "--window-end", "2026-12-01T18:00:00Z", "--interval-minutes", "30");

        Assert.Equal(ExitCodes.Ok, preview.Code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"preview":true,"phases":["load-persons","load-activities"],"force":false}"""), JsonNode.Parse(host.Requests[0].Body!)));
        Assert.Contains("Rollback preview of acme-2026-11 (nothing changed)", preview.Console, StringComparison.Ordinal);
        Assert.Contains("keptEdited: 3", preview.Console, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, cutover.Code);
        var sent = JsonNode.Parse(host.Requests[1].Body!)!;
        Assert.Equal("Ops", sent["declaredBy"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture), sent["windowEnd"]!.GetValue<DateTimeOffset>());
        Assert.Equal(30, sent["intervalMinutes"]!.GetValue<int>());
        Assert.False(sent["deleteGone"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Mapping_approve_approves_the_latest_version_unless_told_which()
    {
        var host = new FakeHost().On("GET", Run + "/mapping?format=json", 200, Mapping).On("GET", Run + "/mapping", 200, Mapping)
            .On("POST", Run + "/approvals/mapping", 200, """{"runId":"acme-2026-11","gate":"mapping","decision":"approve","approver":"Ops","decidedAt":"2026-11-28T13:00:00Z","version":2}""");

        var run = await CliRun.Of(host, "mapping", "approve", "acme-2026-11", "--approver", "Ops");

        Assert.Equal(ExitCodes.Ok, run.Code);
        var body = JsonNode.Parse(host.Requests.Single(r => r.Method == "POST").Body!)!;
        Assert.Equal(2, body["version"]!.GetValue<int>());
        Assert.Equal("approve", body["decision"]!.GetValue<string>());
        Assert.Contains("Gate mapping of acme-2026-11: approve by Ops", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_edit_sends_the_changes_based_on_the_latest_version_and_shows_the_diff()
    {
        var changes = Path.GetTempFileName();
        await File.WriteAllTextAsync(changes, """[{"sourceId":"event:n:cl","target":{"entity":"person","kind":"summary","name":"Login"},"transform":"summary"}]""");
        var host = new FakeHost().On("GET", Run + "/mapping", 200, Mapping)
            .On("PUT", Run + "/mapping", 201, """{"version":3,"basedOn":2,"diff":""" + JsonNode.Parse(Diff)!["diff"]!.ToJsonString() + "}");

        var run = await CliRun.Of(host, "mapping", "edit", "acme-2026-11", "--changes", changes, "--editor", "Ops", "--note", "browsing summarised");
        File.Delete(changes);

        Assert.Equal(ExitCodes.Ok, run.Code);
        var body = JsonNode.Parse(host.Requests.Single(r => r.Method == "PUT").Body!)!;
        Assert.Equal(2, body["basedOn"]!.GetValue<int>());
        Assert.Equal("Ops", body["editedBy"]!.GetValue<string>());
        Assert.Equal("event:n:cl", body["changes"]![0]!["sourceId"]!.GetValue<string>());
        Assert.Contains("Version 3 kept (based on 2)", run.Console, StringComparison.Ordinal);
        Assert.Contains("person summary \"Login\"", run.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_sends_the_counts_options_and_plan_it_was_given()
    {
        var host = new FakeHost().On("POST", "/api/estimates", 200, Estimate);

        var run = await CliRun.Of(host, "estimate", "--users", "1000", "--events-per-user", "10", "--summarised-event-share", "0.8",
            "--campaigns", "10", "--touchpoints", "400", "--no-filters", "--plan", "ultimate", "--seats", "2", "--oauth");

        Assert.Equal(ExitCodes.Ok, run.Code);
        var expected = JsonNode.Parse("""
            {"counts":{"users":1000,"eventsPerUser":10,"campaigns":10,"touchpoints":400},
             "options":{"summarisedEventShare":0.8,"filters":false},
             "pipedrive":{"plan":"ultimate","seats":2,"oauth":true}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(host.Requests[0].Body!)), host.Requests[0].Body);
    }
}
