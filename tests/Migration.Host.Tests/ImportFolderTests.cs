using System.Net;
using System.Text.Json.Nodes;

namespace Migration.Host.Tests;

/// <summary>
/// A run fed by Netmera's export files instead of the REST segment: the panel user export becomes
/// persons, the event and inventory files are staged for later phases, and everything reconciles.
/// </summary>
public sealed class ImportFolderTests
{
    [SkippableFact]
    public async Task Users_from_a_panel_export_land_once_each_and_the_other_files_are_staged_and_counted()
    {
        await using var env = await MigrationEnvironment.StartAsync(users: 400, seed: 53);
        var uploaded = await env.UploadExportsAsync("acme-2026", name =>
            name.EndsWith("users_export_20250701.csv", StringComparison.Ordinal)
            || name.Contains("EVENT_DATA", StringComparison.Ordinal) && name.Contains("_pipe", StringComparison.Ordinal)
            || name.StartsWith("inventory-", StringComparison.Ordinal));
        Assert.True(uploaded.Count >= 3, string.Join(", ", uploaded));

        var request = new
        {
            runId = "import-run",
            netmera = new { connection = MigrationEnvironment.Connection, importFolder = "acme-2026" },
            pipedrive = new { connection = MigrationEnvironment.Connection },
        };
        Assert.Equal(HttpStatusCode.Accepted, (await env.StartRunAsync(request)).StatusCode);
        var status = await env.WaitForEndAsync("import-run", TimeSpan.FromMinutes(4));
        Assert.True(MigrationEnvironment.Text(status["runtimeStatus"]) == "Completed", status.ToJsonString());
        Assert.True(status["balances"]!.GetValue<bool>(), status.ToJsonString());

        var scope = JsonNode.Parse(await env.ReportAsync("import-run", "scope.json"))!;
        var files = scope["files"]!.AsArray();
        Assert.Equal(uploaded.Count, files.Count);
        Assert.Contains(files, f => MigrationEnvironment.Text(f!["kind"]) == "PanelUsers");
        Assert.Contains(files, f => MigrationEnvironment.Text(f!["kind"]) == "EventData");

        // Every user of the export is accounted for, and each person carries a distinct Netmera id.
        var report = JsonNode.Parse(await env.ReportAsync("import-run", "reconciliation.json"))!["phases"]!.AsArray();
        var extract = report.Single(p => MigrationEnvironment.Text(p!["phase"]) == "extract")!;
        Assert.Equal(400, extract["expected"]!.GetValue<long>());
        var key = await env.NetmeraIdFieldKeyAsync();
        var persons = await env.PipedrivePersonsAsync();
        Assert.Equal(persons.Count, persons.Select(p => MigrationEnvironment.Text(p["custom_fields"]?[key])).Distinct().Count());
        Assert.Equal(report.Single(p => MigrationEnvironment.Text(p!["phase"]) == "load-persons")!["created"]!.GetValue<long>(), persons.Count);
        Assert.InRange(persons.Count, 300, 400);

        // Events and inventories were read and staged for the later phases, with their own line.
        var files2 = report.Single(p => MigrationEnvironment.Text(p!["phase"]) == "extract-files")!;
        var truth = await env.NetmeraTruthAsync();
        Assert.True(files2["created"]!.GetValue<long>() > 0);
        Assert.True(files2["expected"]!.GetValue<long>() >= truth["events"]!["total"]!.GetValue<long>() - truth["events"]!["withoutExternalId"]!.GetValue<long>());

        await AssertHandoverMatchesTheFilesAsync(env, report);
    }

    /// <summary>
    /// The handover (docs/handover.md) is listed with the run's reports, and each inventory counts what the uploaded file
    /// holds, read here from the simulator's file with the rules written out (sizes over 1 MB for images, 12 MB for videos).
    /// </summary>
    private static async Task AssertHandoverMatchesTheFilesAsync(MigrationEnvironment env, JsonArray reconciliation)
    {
        var listed = JsonNode.Parse(await env.Host.Http.GetStringAsync("/api/migrations/import-run/reports"))!.AsArray().Select(r => MigrationEnvironment.Text(r!["name"])).ToList();
        Assert.Subset(listed.ToHashSet(), new HashSet<string>
        {
            "handover.md", "handover-journeys.md", "handover-journeys.csv", "handover-campaigns.csv", "handover-widget-assets.csv", "handover-surveys.csv",
            "handover-push-tokens.csv", "handover-users-without-email.csv", "handover-workflow-rebuild-checklist.md",
        });
        async Task<JsonArray> Inventory(string name) => JsonNode.Parse(await env.Sandbox.GetStringAsync(new Uri(env.NetmeraAddress, $"/_sandbox/exports/{name}")))!.AsArray();
        async Task<List<string[]>> Csv(string name) =>
            [.. (await env.ReportAsync("import-run", name)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))];

        var journeys = await Inventory("inventory-journeys.json");
        var widgets = await Inventory("inventory-widgets.json");
        var surveys = await Inventory("inventory-surveys.json");
        var steps = journeys.Sum(j => j!["steps"]!.AsArray().Count);
        var assets = widgets.SelectMany(w => w!["assets"]!.AsArray()).ToList();
        var over = assets.Count(a => MigrationEnvironment.Text(a!["kind"]) switch
        {
            "IMAGE" or "GIF" => a!["sizeBytes"]!.GetValue<long>() > 1_048_576,
            "VIDEO" => a!["sizeBytes"]!.GetValue<long>() > 12_582_912,
            _ => false,
        });
        Assert.True(over > 0, "the simulator's widgets have assets over the limits");
        var questions = surveys.Sum(s => s!["questions"]!.AsArray().Count);
        var campaigns = reconciliation.Single(p => MigrationEnvironment.Text(p!["phase"]) == "load-campaigns")!["expected"]!.GetValue<long>();

        var index = await env.ReportAsync("import-run", "handover.md");
        Assert.Contains($"| {journeys.Count} journeys ({steps} steps) | written |", index, StringComparison.Ordinal);
        Assert.Contains($"| {widgets.Count} widgets ({assets.Count} assets, {over} over the size limits) | written |", index, StringComparison.Ordinal);
        Assert.Contains($"| {surveys.Count} surveys ({questions} questions) | written |", index, StringComparison.Ordinal);
        Assert.Contains($"| {campaigns} campaigns (", index, StringComparison.Ordinal);
        Assert.Contains("Every inventory this handover reads was provided.", index, StringComparison.Ordinal);
        // A panel user export has no token column: the push-token list is empty and says why.
        Assert.Contains("**empty**: no staged device carries a push token", index, StringComparison.Ordinal);

        Assert.Equal(steps, (await Csv("handover-journeys.csv")).Count);
        Assert.Equal(over, (await Csv("handover-widget-assets.csv")).Count(r => r.Contains("yes")));
        Assert.Equal(questions, (await Csv("handover-surveys.csv")).Count);
        Assert.Equal(campaigns, (await Csv("handover-campaigns.csv")).Select(r => r[0]).Distinct().LongCount());

        // Users without email: every person rejected (no_contact, invalid_email) and every person in Pipedrive without an email, and no one else.
        var rejected = (await Csv("rejects-load-persons.csv")).ToDictionary(r => r[1], r => r[2]);
        var key = await env.NetmeraIdFieldKeyAsync();
        var withoutEmailInPipedrive = (await env.PipedrivePersonsAsync())
            .Where(p => (p["emails"]?.AsArray().Count ?? 0) == 0)
            .Select(p => MigrationEnvironment.Text(p["custom_fields"]?[key])).ToHashSet();
        var listedUsers = (await Csv("handover-users-without-email.csv")).ToDictionary(r => r[0], r => (Outcome: r[3], Reason: r[4]));
        Assert.Equal(rejected.Keys.Union(withoutEmailInPipedrive).Order(), listedUsers.Keys.Order());
        Assert.All(rejected, r => Assert.Equal(("rejected", r.Value), listedUsers[r.Key]));
        Assert.All(withoutEmailInPipedrive, id => Assert.Equal("migrated", listedUsers[id].Outcome));
    }
}
