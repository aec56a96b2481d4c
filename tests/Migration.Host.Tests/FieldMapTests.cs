using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox;

namespace Migration.Host.Tests;

/// <summary>
/// The field map through the HTTP API on a Lite account: the proposal needs more custom fields than the
/// plan allows, so it cannot be approved and nothing is created in Pipedrive; an operator's edit makes it
/// fit as version 2 with a diff; approving it freezes it, and the run moves records with that version.
/// </summary>
public sealed class FieldMapTests
{
    private static readonly string[] Entities = ["person", "organization", "deal"];

    [SkippableFact]
    public async Task A_map_over_the_plan_cap_is_refused_before_any_write_then_edited_approved_and_frozen()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 300, seed: 5, plan: PipedriveSimulatorPlan.Lite);
        Assert.True((await env.StartRunAsync(MigrationEnvironment.RunRequest("map-run"))).IsSuccessStatusCode);
        if (await env.WaitForGateOrAsync("map-run", ["gdpr", "mapping"]) == "gdpr")
            await env.ApproveGateAsync("map-run", "gdpr");
        await env.WaitForGateAsync("map-run", "mapping", TimeSpan.FromMinutes(2));
        var http = env.Host.Http;

        // Version 1 as a person reads it, and as tools read it: with the reason it cannot be approved.
        var proposal = JsonNode.Parse(await http.GetStringAsync("/api/migrations/map-run/mapping"))!;
        Assert.Equal(1, proposal["version"]!.GetValue<int>());
        var problems = proposal["problems"]!.AsArray();
        Assert.Contains(problems, p => MigrationEnvironment.Text(p!["code"]) == "over_plan_cap");
        var markdown = await http.GetAsync("/api/migrations/map-run/mapping?format=markdown");
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# Field map, version 1", await markdown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<table", await http.GetStringAsync("/api/migrations/map-run/mapping?format=html"), StringComparison.Ordinal);

        var refused = await env.ApproveAsync("map-run", "mapping", new { approver = "Ops", version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("mapping-invalid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var entity in Entities)
            Assert.Empty(await env.PipedriveCustomFieldsAsync(entity)); // refused before any write

        // Edits: a stale base and an unknown target are refused; leaving campaigns out makes the map fit.
        var lines = proposal["map"]!["lines"]!.AsArray().Select(l => l!.AsObject()).ToList();
        var campaignLines = lines.Where(l => MigrationEnvironment.Text(l["target"]!["entity"]) == "deal").Select(l => MigrationEnvironment.Text(l["sourceId"])).ToList();
        Assert.NotEmpty(campaignLines);
        Assert.Equal(HttpStatusCode.Conflict, (await Edit(http, basedOn: 2, campaignLines)).StatusCode);
        var unknown = await http.PutAsJsonAsync("/api/migrations/map-run/mapping", new
        {
            basedOn = 1, editedBy = "Ops", note = "typo",
            changes = new[] { new { sourceId = "profile:city", target = new { entity = "person", kind = "standard", name = "shoe_size", fieldType = (string?)null } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var edited = await Edit(http, basedOn: 1, campaignLines);
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);
        var saved = JsonNode.Parse(await edited.Content.ReadAsStringAsync())!;
        Assert.Equal(2, saved["version"]!.GetValue<int>());
        Assert.Equal(campaignLines.Count, saved["diff"]!["changes"]!.AsArray().Count);
        var diff = await http.GetStringAsync("/api/migrations/map-run/mapping/diff?from=1&to=2&format=markdown");
        Assert.Contains(campaignLines[0], diff, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/api/migrations/map-run/mapping"))!["problems"]!.AsArray());

        // Only the latest version can be approved; once approved the map is frozen.
        Assert.Equal(HttpStatusCode.Conflict, (await env.ApproveAsync("map-run", "mapping", new { approver = "Ops", version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await env.ApproveAsync("map-run", "mapping", new { approver = "Ops", version = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Edit(http, basedOn: 2, campaignLines)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await env.ApproveAsync("map-run", "mapping", new { approver = "Ops", version = 2 })).StatusCode);

        var status = await env.WaitForEndAsync("map-run", TimeSpan.FromMinutes(4));
        Assert.Equal("Completed", MigrationEnvironment.Text(status["runtimeStatus"]));
        var mapping = status["gates"]!.AsArray().Single(g => MigrationEnvironment.Text(g!["gate"]) == "mapping")!;
        Assert.Equal(2, mapping["version"]!.GetValue<int>());

        // What the approved version asked for exists, and nothing the edit removed.
        Assert.Equal(["Netmera ID"], await env.PipedriveCustomFieldsAsync("deal"));
        Assert.Contains("City", await env.PipedriveCustomFieldsAsync("person"));
        var schema = JsonNode.Parse(await env.ReportAsync("map-run", "schema.json"))!;
        Assert.All(schema["fields"]!.AsArray(), f => Assert.Equal(40, MigrationEnvironment.Text(f!["key"]).Length));
    }

    private static Task<HttpResponseMessage> Edit(HttpClient http, int basedOn, IReadOnlyList<string> notMoved) =>
        http.PutAsJsonAsync("/api/migrations/map-run/mapping", new
        {
            basedOn,
            editedBy = "Ops",
            note = "campaigns are rebuilt by hand; keep the Lite plan's custom fields for persons",
            changes = notMoved.Select(id => new { sourceId = id, target = new { entity = "none", kind = "none", name = "", fieldType = (string?)null } }),
        });
}
