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
    }
}
