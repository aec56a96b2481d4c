using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Migration.Tests.Shared;

namespace Migration.Host.Tests;

/// <summary>One environment for the API's contract: status codes, Location, RFC 9457 problems, idempotent start.</summary>
public sealed class ApiEnvironmentFixture : IAsyncLifetime
{
    public MigrationEnvironment? Environment { get; private set; }

    public async Task InitializeAsync()
    {
        if (AzuriteInstance.Unavailable is null || AzuriteInstance.Required)
            Environment = await MigrationEnvironment.StartAsync(users: 150, seed: 3);
    }

    public async Task DisposeAsync()
    {
        if (Environment is not null)
            await Environment.DisposeAsync();
    }
}

public sealed class HttpApiTests(ApiEnvironmentFixture fixture) : IClassFixture<ApiEnvironmentFixture>
{
    private MigrationEnvironment Env
    {
        get
        {
            Skip.If(fixture.Environment is null, AzuriteInstance.Unavailable);
            return fixture.Environment!;
        }
    }

    private static async Task<JsonNode> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.StartsWith("urn:netmera-pipedrive:problem:", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        return problem;
    }

    [SkippableFact]
    public async Task A_key_in_the_request_is_refused_and_not_echoed()
    {
        var response = await Env.Host.Http.PostAsJsonAsync("/api/migrations", new
        {
            netmera = new { connection = MigrationEnvironment.Connection, segmentId = 1001, apiKey = "pasted-secret-123" },
            pipedrive = new { connection = MigrationEnvironment.Connection },
        });
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("apiKey", detail, StringComparison.Ordinal);
        Assert.Contains("configuration", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("pasted-secret-123", detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Unknown_connections_and_missing_fields_are_each_named()
    {
        var response = await Env.Host.Http.PostAsJsonAsync("/api/migrations", new
        {
            netmera = new { connection = "nope" },
            pipedrive = new { connection = "nada" },
            options = new { batchSize = 500 },
        });
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.Contains("'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'nada'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("segmentId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("batchSize", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Starting_twice_with_the_same_id_and_plan_answers_alike_and_a_different_plan_conflicts()
    {
        var first = await Env.StartRunAsync(MigrationEnvironment.RunRequest("api-repeat"));
        var again = await Env.StartRunAsync(MigrationEnvironment.RunRequest("api-repeat"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);

        var other = await Env.StartRunAsync(MigrationEnvironment.RunRequest("api-repeat", maxParallelBatches: 1));
        await Problem(other, HttpStatusCode.Conflict);

        var status = await Env.WaitForEndAsync("api-repeat", TimeSpan.FromMinutes(3));
        Assert.Equal("Completed", MigrationEnvironment.Text(status["runtimeStatus"]));

        var list = JsonNode.Parse(await Env.Host.Http.GetStringAsync("/api/migrations"))!.AsArray();
        Assert.Single(list, r => MigrationEnvironment.Text(r!["runId"]) == "api-repeat");
        var reports = JsonNode.Parse(await Env.Host.Http.GetStringAsync("/api/migrations/api-repeat/reports"))!.AsArray()
            .Select(r => MigrationEnvironment.Text(r!["name"])).ToList();
        Assert.Equal(
            ["scope.json", "scope.md", "schema.json", "sample-verification.md", "sample-verification.csv", "sample-verification.json",
             "verification-persons.md", "verification-persons.csv", "verification-persons.json", "segment-filter-map.md", "segment-filter-map.csv",
             "reconciliation.json", "rejects-extract.csv", "rejects-extract-files.csv", "rejects-route-events.csv", "rejects-route-push-results.csv",
             "rejects-route-person-rows.csv", "rejects-load-organizations.csv", "rejects-load-persons.csv", "rejects-load-activities.csv",
             "rejects-load-campaigns.csv", "rejects-load-touchpoints.csv", "rejects-load-filters.csv", "skipped-extract.csv", "skipped-route.csv", "values-dropped.csv",
             "handover.md", "handover-journeys.md", "handover-journeys.csv", "handover-campaigns.md", "handover-campaigns.csv",
             "handover-widget-assets.md", "handover-widget-assets.csv", "handover-surveys.md", "handover-surveys.csv",
             "handover-push-tokens.md", "handover-push-tokens.csv", "handover-users-without-email.md", "handover-users-without-email.csv",
             "handover-workflow-rebuild-checklist.md", "handover-workflow-rebuild-checklist.csv"],
            reports);
    }

    [SkippableFact]
    public async Task Unknown_runs_reports_and_routes_are_problem_documents()
    {
        await Problem(await Env.Host.Http.GetAsync("/api/migrations/no-such-run"), HttpStatusCode.NotFound);
        await Problem(await Env.Host.Http.GetAsync("/api/migrations/no-such-run/reports/scope.json"), HttpStatusCode.NotFound);
        await Problem(await Env.Host.Http.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);

        await Env.StartRunAsync(MigrationEnvironment.RunRequest("api-reports"));
        var unknown = await Problem(await Env.Host.Http.GetAsync("/api/migrations/api-reports/reports/passwords.txt"), HttpStatusCode.NotFound);
        Assert.Contains("reconciliation.json", unknown["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await Env.WaitForEndAsync("api-reports", TimeSpan.FromMinutes(3));
    }

    [SkippableFact]
    public async Task A_segment_netmera_does_not_list_fails_the_run_with_a_reason_an_operator_can_act_on()
    {
        var response = await Env.StartRunAsync(new
        {
            runId = "api-bad-segment",
            netmera = new { connection = MigrationEnvironment.Connection, segmentId = 424242 },
            pipedrive = new { connection = MigrationEnvironment.Connection },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var status = await Env.WaitForEndAsync("api-bad-segment", TimeSpan.FromMinutes(4));
        Assert.Equal("Failed", MigrationEnvironment.Text(status["runtimeStatus"]));
        Assert.Equal("discover", MigrationEnvironment.Text(status["failure"]?["phase"]));
        Assert.True(MigrationEnvironment.Text(status["failure"]?["message"]).Contains("Segment 424242 is not among", StringComparison.Ordinal), status.ToJsonString());
        // A failure only a person can fix is not retried.
        Assert.Single(Env.Host.Output.Split('\n'), l => l.Contains("DiscoverScopeActivity stopped the run", StringComparison.Ordinal));
    }
}
