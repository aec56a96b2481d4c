using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Migration.Host.Tests;

/// <summary>
/// Cutover and delta sync through the local host (docs/cutover.md): after a completed run, users edited, added and
/// removed in Netmera reach Pipedrive as exactly those changes (updated with the new values, created, labelled), the
/// replaced values are kept as before-images, and a second sync with nothing changed writes nothing.
/// </summary>
public sealed class DeltaSyncTests
{
    private const string RunId = "delta-run";

    [SkippableFact]
    public async Task A_delta_sync_moves_exactly_the_changes_and_a_second_sync_moves_nothing()
    {
        // The timer ticks every second: it starts the first sync; the second is asked for through the API.
        await using var env = await MigrationEnvironment.StartAsync(users: 120, seed: 23,
            hostSettings: new Dictionary<string, string> { ["Migration__DeltaSync__PollSeconds"] = "1" });
        Assert.Equal(HttpStatusCode.Accepted, (await env.StartRunAsync(MigrationEnvironment.RunRequest(RunId))).StatusCode);
        var status = await env.WaitForEndAsync(RunId, TimeSpan.FromMinutes(4));
        Assert.Equal("Completed", MigrationEnvironment.Text(status["runtimeStatus"]));

        var key = await env.NetmeraIdFieldKeyAsync();
        var schema = JsonNode.Parse(await env.ReportAsync(RunId, "schema.json"))!["fields"]!.AsArray();
        var cityKey = MigrationEnvironment.Text(schema.Single(f => MigrationEnvironment.Text(f!["entity"]) == "person" && MigrationEnvironment.Text(f!["name"]) == "City")!["key"]);
        var before = (await env.PipedrivePersonsAsync()).ToDictionary(p => MigrationEnvironment.Text(p["custom_fields"]?[key]));
        var landed = before.Keys.Order(StringComparer.Ordinal).ToList();
        var (renamed, moved, reEmailed, removed) = (landed[3], landed[10], landed[20], landed[30]);

        // Netmera changes before the freeze holds: three users edited, two added, one removed.
        await Edit(env, HttpMethod.Patch, $"/_sandbox/users/{renamed}", new { name = "Deltaname", surname = "Changed" });
        await Edit(env, HttpMethod.Patch, $"/_sandbox/users/{moved}", new { city = "Eskişehir" });
        await Edit(env, HttpMethod.Patch, $"/_sandbox/users/{reEmailed}", new { email = "delta.changed@example.org" });
        await Edit(env, HttpMethod.Post, "/_sandbox/users", new { extId = "delta-new-1", name = "Nova", surname = "First", email = "nova.first@example.org", country = "US" });
        await Edit(env, HttpMethod.Post, "/_sandbox/users", new { extId = "delta-new-2", name = "Nova", surname = "Second", msisdn = "905551112233", country = "US" });
        await Edit(env, HttpMethod.Delete, $"/_sandbox/users/{removed}", null);

        // A run that is not completed cannot enter cutover; this one can, once.
        var declare = new { declaredBy = "Test operator", windowEnd = DateTimeOffset.UtcNow.AddHours(2), intervalMinutes = 600 };
        Assert.Equal(HttpStatusCode.NotFound, (await env.Host.Http.PostAsJsonAsync("/api/migrations/no-such-run/cutover", declare)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/cutover", declare)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/cutover", declare)).StatusCode);

        var first = await WaitForWatermarkAsync(env, 1);
        Assert.Equal([2, 3, 1, 2, 3, 1], new[] { "new", "changed", "gone", "created", "updated", "flagged" }.Select(k => first[k]!.GetValue<long>()));
        Assert.Equal(before.Count - 4, first["unchanged"]!.GetValue<long>());

        // Pipedrive holds exactly those changes.
        var after = (await env.PipedrivePersonsAsync()).ToDictionary(p => MigrationEnvironment.Text(p["custom_fields"]?[key]));
        Assert.Equal(before.Count + 2, after.Count);
        Assert.Equal("Nova First", MigrationEnvironment.Text(after["delta-new-1"]["name"]));
        Assert.Equal("Nova Second", MigrationEnvironment.Text(after["delta-new-2"]["name"]));
        Assert.Equal("Deltaname Changed", MigrationEnvironment.Text(after[renamed]["name"]));
        Assert.Equal("Eskişehir", MigrationEnvironment.Text(after[moved]["custom_fields"]![cityKey]));
        Assert.Equal("delta.changed@example.org", MigrationEnvironment.Text(after[reEmailed]["emails"]![0]!["value"]));
        var removedLabel = await RemovedLabelIdAsync(env);
        Assert.Contains(removedLabel, after[removed]["label_ids"]!.AsArray().Select(l => l!.GetValue<long>()));
        var untouched = after.Keys.Except([renamed, moved, reEmailed, removed, "delta-new-1", "delta-new-2"]).ToList();
        Assert.All(untouched, id => Assert.True(JsonNode.DeepEquals(before[id], after[id]), $"{id} changed without a change in Netmera"));

        // The replaced values are kept where rollback reads them.
        var images = await BeforeImagesAsync(env, 1);
        Assert.Equal(new[] { moved, reEmailed, removed, renamed }.Order(StringComparer.Ordinal), images.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(MigrationEnvironment.Text(before[renamed]["name"]), MigrationEnvironment.Text(images[renamed]["restore"]!["name"]));
        Assert.Equal(MigrationEnvironment.Text(before[moved]["custom_fields"]![cityKey]), MigrationEnvironment.Text(images[moved]["restore"]!["custom_fields"]![cityKey]));
        Assert.Contains("Email", images[reEmailed]["fields"]!.AsArray().Select(f => MigrationEnvironment.Text(f)));
        Assert.Equal("label", MigrationEnvironment.Text(images[removed]["kind"]));
        // The report names each person's outcome and changed fields, never the values.
        var report = (await env.ReportAsync(RunId, "delta-0001.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(["created", "created", "updated", "updated", "updated", "flagged_gone"],
            new[] { "delta-new-1", "delta-new-2", renamed, moved, reEmailed, removed }.Select(id => report[id]));
        Assert.Equal(6, report.Count);
        Assert.DoesNotContain("delta.changed@example.org", await env.ReportAsync(RunId, "delta-0001.csv"), StringComparison.Ordinal);

        // Nothing changed since: the second sync reads, and writes nothing.
        var writesBefore = await WritesAsync(env);
        Assert.Equal(HttpStatusCode.Accepted, (await env.Host.Http.PostAsync($"/api/migrations/{RunId}/cutover/sync", null)).StatusCode);
        var second = await WaitForWatermarkAsync(env, 2);
        Assert.Equal([0, 0, 0, 0, 0, 0], new[] { "new", "changed", "gone", "created", "updated", "flagged" }.Select(k => second[k]!.GetValue<long>()));
        Assert.Equal(before.Count + 1, second["unchanged"]!.GetValue<long>()); // every person the run and the first sync left, less the removed one
        Assert.Equal(writesBefore, await WritesAsync(env));

        // The window ends: no sync starts after it.
        Assert.Equal(HttpStatusCode.OK, (await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/cutover/complete", new { completedBy = "Test operator" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await env.Host.Http.PostAsync($"/api/migrations/{RunId}/cutover/sync", null)).StatusCode);
        Assert.Equal("completed", MigrationEnvironment.Text((await env.StatusAsync(RunId))["cutover"]!["state"]));

        // A rollback after the cutover undoes what the syncs did too: the persons they created are deleted, and the
        // persons they changed or labelled are not mistaken for edits made in Pipedrive after the run.
        Assert.Equal(HttpStatusCode.Accepted, (await env.Host.Http.PostAsJsonAsync($"/api/migrations/{RunId}/rollback", new { phases = new[] { "load-persons" } })).StatusCode);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (MigrationEnvironment.Text((await env.StatusAsync(RunId))["rollback"]?["runtimeStatus"]) is not ("Completed" or "Failed" or "Terminated"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rollback did not end\n{env.Host.Output}");
            await Task.Delay(250);
        }
        var rolledBack = (await env.StatusAsync(RunId))["rollback"]!;
        Assert.True(MigrationEnvironment.Text(rolledBack["runtimeStatus"]) == "Completed", rolledBack.ToJsonString());
        var left = (await env.PipedrivePersonsAsync()).Where(p => !(p["is_deleted"]?.GetValue<bool>() ?? false) && MigrationEnvironment.Text(p["custom_fields"]?[key]).Length > 0).ToList();
        Assert.True(left.Count == 0, $"{left.Count} migrated persons left after the rollback: {await env.ReportAsync(RunId, "rollback.csv")}");
        Assert.DoesNotContain("kept_edited", await env.ReportAsync(RunId, "rollback.csv"), StringComparison.Ordinal);
    }

    private static async Task Edit(MigrationEnvironment env, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(env.NetmeraAddress, path)) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await env.Sandbox.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonNode> WaitForWatermarkAsync(MigrationEnvironment env, int sync)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var cutover = (await env.StatusAsync(RunId))["cutover"];
            if (cutover?["watermark"]?["sync"]?.GetValue<int>() >= sync)
                return cutover["watermark"]!["counts"]!;
            if (MigrationEnvironment.Text(cutover?["latestSync"]?["runtimeStatus"]) is "Failed" or "Terminated" || DateTime.UtcNow > deadline)
                throw new TimeoutException($"Delta sync {sync} did not finish: {cutover?.ToJsonString()}\n{env.Host.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>Pipedrive requests that change something (every method but GET), from the simulator's tally.</summary>
    private static async Task<long> WritesAsync(MigrationEnvironment env)
    {
        var stats = (await env.Sandbox.GetFromJsonAsync<JsonObject>(new Uri(env.PipedriveAddress, "/_sandbox/stats")))!;
        return stats["requestsByOperation"]!.AsObject().Where(o => !o.Key.StartsWith("GET", StringComparison.Ordinal)).Sum(o => o.Value!.GetValue<long>());
    }

    private static async Task<long> RemovedLabelIdAsync(MigrationEnvironment env)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(env.PipedriveAddress, "/api/v2/personFields?limit=500"));
        request.Headers.Add("x-api-token", env.PipedriveToken);
        using var response = await env.Sandbox.SendAsync(request);
        var fields = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();
        var labels = fields.Single(f => MigrationEnvironment.Text(f!["field_code"]) == "label_ids")!["options"]!.AsArray();
        return labels.Single(o => MigrationEnvironment.Text(o!["label"]) == "Netmera: removed")!["id"]!.GetValue<long>();
    }

    private static async Task<Dictionary<string, JsonNode>> BeforeImagesAsync(MigrationEnvironment env, int sync)
    {
        var container = new BlobContainerClient(env.StorageConnectionString, "functionaltests-runs");
        var images = new Dictionary<string, JsonNode>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"runs/{RunId}/delta/{sync:D4}/before-images/" }))
        {
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToStream();
            using var reader = new StreamReader(new GZipStream(content, CompressionMode.Decompress));
            while (await reader.ReadLineAsync() is { Length: > 0 } line)
            {
                var image = JsonNode.Parse(line)!;
                images[MigrationEnvironment.Text(image["extId"])] = image;
            }
        }
        return images;
    }
}
