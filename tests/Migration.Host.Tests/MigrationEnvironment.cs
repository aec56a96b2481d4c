using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox;
using Migration.Tests.Shared;

namespace Migration.Host.Tests;

/// <summary>
/// Everything a run needs on one machine: a private Azurite, the Netmera and Pipedrive simulators,
/// and the local host as a process configured with named connections to them.
/// </summary>
public sealed class MigrationEnvironment : IAsyncDisposable
{
    public const string Connection = "test";

    // Distinctive values so a test can look for them in storage and logs.
    public string NetmeraKey { get; } = "nmkey-" + Guid.NewGuid().ToString("N");
    public string PipedriveToken { get; } = "pdtoken-" + Guid.NewGuid().ToString("N");

    private AzuriteInstance azurite = null!;
    private NetmeraSimulator netmera = null!;
    private PipedriveSimulator pipedrive = null!;

    public LocalHostProcess Host { get; private set; } = null!;
    public string StorageConnectionString => azurite.ConnectionString;
    public Uri PipedriveAddress => pipedrive.BaseAddress;
    public Uri NetmeraAddress => netmera.BaseAddress;
    public HttpClient Sandbox { get; } = new() { Timeout = TimeSpan.FromMinutes(3) }; // listing a large dataset's exports sizes every file

    /// <summary>The generated Netmera users, with everything the simulator knows about them.</summary>
    public IReadOnlyList<Migration.Sandbox.Dataset.SourceUser> NetmeraGroundTruth => netmera.Users;

    public static async Task<MigrationEnvironment> StartAsync(
        int users, int seed, TimeSpan pipedriveLatency = default, Func<NetmeraSimulatorOptions, NetmeraSimulatorOptions>? netmeraOptions = null,
        PipedriveSimulatorPlan plan = PipedriveSimulatorPlan.Ultimate, bool enforceRateLimits = true, TimeSpan? messageVisibility = null,
        IReadOnlyDictionary<string, string>? hostSettings = null)
    {
        Skip.If(AzuriteInstance.Unavailable is { } reason && !AzuriteInstance.Required, AzuriteInstance.Unavailable);
        var environment = new MigrationEnvironment();
        environment.azurite = await AzuriteInstance.StartAsync();
        var netmera = new NetmeraSimulatorOptions { Users = users, Seed = seed, ApiKey = environment.NetmeraKey };
        environment.netmera = await NetmeraSimulator.StartAsync(netmeraOptions?.Invoke(netmera) ?? netmera);
        // The simulator enforces the plan's burst window and daily budget, as Pipedrive does (unless a test measures something else).
        environment.pipedrive = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions
        {
            Seed = seed,
            ApiToken = environment.PipedriveToken,
            Latency = pipedriveLatency,
            Plan = plan,
            EnforceRateLimits = enforceRateLimits,
        });
        environment.Host = new LocalHostProcess(new Dictionary<string, string>
        {
            ["ConnectionStrings__MigrationStorage"] = environment.azurite.ConnectionString,
            ["Migration__TaskHub"] = "FunctionalTests",
            ["Migration__Engine__WorkerId"] = "functional-test-host",
            // Short, so a killed host's work is picked up again quickly; it must still exceed any activity's run time.
            ["Migration__Engine__MessageVisibilityTimeout"] = (messageVisibility ?? TimeSpan.FromSeconds(15)).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Migration__Engine__MaxQueuePollingInterval"] = "00:00:00.250",
            [$"Netmera__Connections__{Connection}__BaseUrl"] = environment.netmera.BaseAddress.ToString(),
            [$"Netmera__Connections__{Connection}__ApiKey"] = environment.NetmeraKey,
            [$"Pipedrive__Connections__{Connection}__BaseUrl"] = environment.pipedrive.BaseAddress.ToString(),
            [$"Pipedrive__Connections__{Connection}__ApiToken"] = environment.PipedriveToken,
            [$"Pipedrive__Connections__{Connection}__Plan"] = plan.ToString(),
            ["Logging__LogLevel__Default"] = "Information",
        });
        foreach (var (name, value) in hostSettings ?? new Dictionary<string, string>())
            environment.Host.Configure(name, value);
        await environment.Host.StartAsync();
        return environment;
    }

    public static object RunRequest(string runId, int maxParallelBatches = 4, int batchSize = 100, long? segmentId = null) => new
    {
        runId,
        netmera = new { connection = Connection, segmentId = segmentId ?? NetmeraSimulator.AllUsersSegmentId },
        pipedrive = new { connection = Connection },
        options = new { batchSize, maxParallelBatches },
    };

    public async Task<HttpResponseMessage> StartRunAsync(object request) =>
        await Host.Http.PostAsJsonAsync("/api/migrations", request);

    public async Task<JsonNode> StatusAsync(string runId) =>
        JsonNode.Parse(await Host.Http.GetStringAsync($"/api/migrations/{runId}"))!;

    /// <summary>The GDPR decision these tests take when a run holds at the gate, unless a test decides otherwise.</summary>
    public static object GdprApproval(string decision = "approve") => new
    {
        approver = "Test DPO",
        decision,
        basis = decision == "approve" ? "Art. 6(1)(b) GDPR: contract (synthetic test data)" : null,
    };

    public async Task<HttpResponseMessage> ApproveAsync(string runId, string gate, object approval) =>
        await Host.Http.PostAsJsonAsync($"/api/migrations/{runId}/approvals/{gate}", approval);

    /// <summary>
    /// Takes the decision these tests take at a gate: GDPR approved with a basis, the latest field map
    /// version approved as proposed, the sample approved.
    /// </summary>
    public async Task<HttpResponseMessage> ApproveGateAsync(string runId, string gate)
    {
        if (gate != "mapping")
            return await ApproveAsync(runId, gate, gate == "gdpr" ? GdprApproval() : new { approver = "Test operator" });
        var mapping = JsonNode.Parse(await Host.Http.GetStringAsync($"/api/migrations/{runId}/mapping"))!;
        return await ApproveAsync(runId, gate, new { approver = "Test operator", version = mapping["version"]!.GetValue<int>() });
    }

    /// <summary>
    /// Polls the status endpoint until the run ends, approving each gate when it opens (unless
    /// <paramref name="approveGates"/> is false); fails with the host's output on timeout.
    /// </summary>
    public async Task<JsonNode> WaitForEndAsync(string runId, TimeSpan timeout, bool approveGates = true)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await StatusAsync(runId);
            if (status["runtimeStatus"]!.GetValue<string>() is "Completed" or "Failed" or "Terminated")
                return status;
            if (approveGates && Text(status["openGate"]?["name"]) is { Length: > 0 } gate)
                await ApproveGateAsync(runId, gate);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Run {runId} did not end within {timeout}: {status.ToJsonString()}\n{Host.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>Polls until the run holds at one of <paramref name="gates"/>; returns its name.</summary>
    public async Task<string?> WaitForGateOrAsync(string runId, IReadOnlyCollection<string> gates)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (Text((await StatusAsync(runId))["openGate"]?["name"]) is { Length: > 0 } gate && gates.Contains(gate))
                return gate;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Run {runId} held at none of {string.Join(", ", gates)}\n{Host.Output}");
    }

    /// <summary>Polls until the run holds at <paramref name="gate"/>; returns that status.</summary>
    public async Task<JsonNode> WaitForGateAsync(string runId, string gate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await StatusAsync(runId);
            if (Text(status["openGate"]?["name"]) == gate)
                return status;
            if (DateTime.UtcNow > deadline || Text(status["runtimeStatus"]) is "Completed" or "Failed")
                throw new TimeoutException($"Run {runId} did not hold at gate {gate}: {status.ToJsonString()}\n{Host.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Edits the run's field map to summarise every event type but two on the person (Purchase and Subscription
    /// Renewed stay activities): a run needs each kind of record, not tens of thousands of them.
    /// </summary>
    public async Task SummariseMostEventsAsync(string runId)
    {
        var mapping = JsonNode.Parse(await Host.Http.GetStringAsync($"/api/migrations/{runId}/mapping"))!;
        var changes = mapping["map"]!["lines"]!.AsArray()
            .Where(l => Text(l!["target"]!["kind"]) == "activity-type"
                && Text(l!["target"]!["name"]) is not ("Purchase" or "Subscription Renewed"))
            .Select(l => new
            {
                sourceId = Text(l!["sourceId"]),
                target = new { entity = "person", kind = "summary", name = Text(l["target"]!["name"]) },
                transform = "summary",
            })
            .ToList();
        var edit = await Host.Http.PutAsJsonAsync($"/api/migrations/{runId}/mapping",
            new { basedOn = mapping["version"]!.GetValue<int>(), editedBy = "Test operator", note = "two event types as activities", changes });
        if (!edit.IsSuccessStatusCode)
            throw new InvalidOperationException(await edit.Content.ReadAsStringAsync());
    }

    public async Task<IReadOnlyList<JsonObject>> NetmeraUsersAsync() =>
        (await Sandbox.GetFromJsonAsync<JsonArray>(new Uri(netmera.BaseAddress, "/_sandbox/users")))!.Select(u => u!.AsObject()).ToList();

    public async Task<IReadOnlyList<JsonObject>> PipedrivePersonsAsync() =>
        (await Sandbox.GetFromJsonAsync<JsonArray>(new Uri(pipedrive.BaseAddress, "/_sandbox/persons")))!.Select(p => p!.AsObject()).ToList();

    /// <summary>Display names of the account's custom fields of one entity (person, organization, deal), read through the vendor API.</summary>
    public async Task<IReadOnlyList<string>> PipedriveCustomFieldsAsync(string entity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pipedrive.BaseAddress, $"/api/v2/{entity}Fields?limit=500"));
        request.Headers.Add("x-api-token", PipedriveToken);
        using var response = await Sandbox.SendAsync(request);
        var fields = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();
        return [.. fields.Where(f => f!["is_custom_field"]?.GetValue<bool>() == true).Select(f => Text(f!["field_name"]))];
    }

    /// <summary>The key the account gave the "Netmera ID" person field, read through the vendor API.</summary>
    public async Task<string> NetmeraIdFieldKeyAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pipedrive.BaseAddress, "/api/v2/personFields?limit=500"));
        request.Headers.Add("x-api-token", PipedriveToken);
        using var response = await Sandbox.SendAsync(request);
        var fields = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();
        return fields.Single(f => f!["field_name"]!.GetValue<string>() == "Netmera ID")!["field_code"]!.GetValue<string>();
    }

    /// <summary>
    /// Copies the simulator's export files whose names pass <paramref name="include"/> into the run
    /// storage's <c>imports/{folder}/</c>, as an operator uploads Netmera's exports. Returns their names.
    /// </summary>
    public async Task<IReadOnlyList<string>> UploadExportsAsync(string folder, Func<string, bool> include)
    {
        var container = new Azure.Storage.Blobs.BlobContainerClient(StorageConnectionString, "functionaltests-runs");
        await container.CreateIfNotExistsAsync();
        var names = (await Sandbox.GetFromJsonAsync<JsonArray>(new Uri(netmera.BaseAddress, "/_sandbox/exports")))!
            .Select(e => Text(e!["name"])).Where(include).ToList();
        foreach (var name in names)
        {
            await using var content = await Sandbox.GetStreamAsync(new Uri(netmera.BaseAddress, $"/_sandbox/exports/{name}"));
            await container.GetBlobClient($"imports/{folder}/{name}").UploadAsync(content, overwrite: true);
        }
        return names;
    }

    /// <summary>Netmera's ground truth (<c>/_sandbox/truth</c>): duplicates, EU users, segments' coverage.</summary>
    public async Task<JsonObject> NetmeraTruthAsync() =>
        (await Sandbox.GetFromJsonAsync<JsonObject>(new Uri(netmera.BaseAddress, "/_sandbox/truth")))!;

    /// <summary>The simulator's view of what was spent and refused (<c>/_sandbox/usage</c>).</summary>
    public async Task<JsonObject> PipedriveUsageAsync() =>
        (await Sandbox.GetFromJsonAsync<JsonObject>(new Uri(pipedrive.BaseAddress, "/_sandbox/usage")))!;

    public async Task<string> ReportAsync(string runId, string name) =>
        await Host.Http.GetStringAsync($"/api/migrations/{runId}/reports/{name}");

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
            await Host.DisposeAsync();
        if (pipedrive is not null)
            await pipedrive.DisposeAsync();
        if (netmera is not null)
            await netmera.DisposeAsync();
        if (azurite is not null)
            await azurite.DisposeAsync();
        Sandbox.Dispose();
    }

    public static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
