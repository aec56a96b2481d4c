using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// The Netmera simulator's newer read operations checked against netmera-rest-api.yaml: getDeviceTokens,
/// getPushStats, getPushResult, targeting/count and targeting/count-batch, their error bodies, and the requests sent to
/// the POST operations. <c>app/events</c> (like <c>app/profile-attributes</c>) is not in that spec, only in Netmera's
/// newer API reference, so it has no contract test; DeviceTokenTests asserts its shape instead.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class NetmeraReadSurfaceContractTests(ContractSpecs specs) : IAsyncLifetime
{
    private const string Key = "contract-key";
    private const string AllTime = "&start=0&end=4102444800000";

    /// <summary>
    /// getDeviceTokens items in the API reference's newer shape carry <c>extId</c> and <c>deviceToken</c>, which the
    /// spec's Device schema does not declare (netmera-api.md §3.4). Only this operation gets the relaxation.
    /// </summary>
    private static readonly ContractRelaxations DeviceTokenGaps = KnownSpecGaps.Netmera with
    {
        UndeclaredAllowed = KnownSpecGaps.Netmera.UndeclaredAllowed.Concat(["extId", "deviceToken"]).ToHashSet(StringComparer.Ordinal),
    };

    private NetmeraSimulator simulator = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 250, Seed = 11, ApiKey = Key });
        client = JsonHttp.Client(simulator.BaseAddress, "X-netmera-api-key", Key);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await simulator.DisposeAsync();
    }

    private OpenApiContract Spec => specs.Netmera;

    [SkippableFact]
    public async Task GetDeviceTokens_pages_match_the_spec_in_both_item_shapes()
    {
        var schema = Spec.Response("/rest/3.0/getDeviceTokens", "get", relaxations: DeviceTokenGaps);
        var first = await client.GetJsonAsync("/rest/3.0/getDeviceTokens?max=400");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        schema.AssertValid(first.Body, "getDeviceTokens (first page)");
        var last = await client.GetJsonAsync(first.Body.GetProperty("nextPage").GetString()!);
        Assert.False(last.Body.TryGetProperty("nextPage", out _));
        schema.AssertValid(last.Body, "getDeviceTokens (last page)");

        // The spec's own Device shape needs only the relaxation every Netmera device gets (installationId), plus extId.
        await using var specShaped = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 60, Seed = 11, ApiKey = Key, DeviceTokenItems = DeviceTokenItemShape.Spec });
        using var specClient = JsonHttp.Client(specShaped.BaseAddress, "X-netmera-api-key", Key);
        var page = await specClient.GetJsonAsync("/rest/3.0/getDeviceTokens?max=1000");
        var specSchema = Spec.Response("/rest/3.0/getDeviceTokens", "get", relaxations: KnownSpecGaps.Netmera with
        {
            UndeclaredAllowed = KnownSpecGaps.Netmera.UndeclaredAllowed.Append("extId").ToHashSet(StringComparer.Ordinal),
        });
        specSchema.AssertValid(page.Body, "getDeviceTokens (spec item shape)");
    }

    [SkippableFact]
    public async Task GetPushStats_matches_the_spec_in_both_forms()
    {
        // The spec answers oneOf [PushStatsByKeyResponse, PushStatsByDateRangeResponse], but neither branch has required
        // properties or forbids others, so every object matches both and "oneOf" can never hold. Each form is checked
        // against its own branch instead.
        var byKey = Spec.Compile(Spec.ComponentSchema("PushStatsByKeyResponse"), KnownSpecGaps.Netmera);
        var byRange = Spec.Compile(Spec.ComponentSchema("PushStatsByDateRangeResponse"), KnownSpecGaps.Netmera);
        foreach (var campaign in simulator.Catalog.Campaigns)
        {
            var reply = await client.GetJsonAsync($"/rest/3.0/getPushStats?notificationKey={campaign.Key}");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            byKey.AssertValid(reply.Body, $"getPushStats?notificationKey={campaign.Key} ({campaign.Status})");
        }

        var range = await client.GetJsonAsync("/rest/3.0/getPushStats?start=0&end=4102444800000");
        Assert.True(range.Body.GetProperty("messages").GetArrayLength() > 0);
        byRange.AssertValid(range.Body, "getPushStats?start&end");
        var empty = await client.GetJsonAsync("/rest/3.0/getPushStats?start=0&end=1");
        byRange.AssertValid(empty.Body, "getPushStats with an empty range");
    }

    [SkippableFact]
    public async Task GetPushResult_pages_match_the_spec()
    {
        var schema = Spec.Response("/rest/3.0/getPushResult", "get", relaxations: KnownSpecGaps.Netmera);
        foreach (var campaign in simulator.Catalog.Campaigns.Where(c => c.WasSent).DistinctBy(c => c.Channel))
        {
            var first = await client.GetJsonAsync($"/rest/3.0/getPushResult?notificationKey={campaign.Key}&max=50{AllTime}");
            Assert.Equal(HttpStatusCode.OK, first.Status);
            schema.AssertValid(first.Body, $"getPushResult {campaign.Channel}");
            var next = await client.GetJsonAsync(first.Body.GetProperty("nextPage").GetString()!);
            schema.AssertValid(next.Body, $"getPushResult {campaign.Channel} (second page)");
        }

        var byUser = await client.GetJsonAsync($"/rest/3.0/getPushResult?extId={simulator.Users[0].ExtId}");
        schema.AssertValid(byUser.Body, "getPushResult?extId (default window)");
    }

    [SkippableFact]
    public async Task Targeting_requests_and_responses_match_the_spec()
    {
        var countRequest = Spec.Compile(Spec.RequestBodySchema("/rest/3.0/targeting/count", "post")!);
        var countResponse = Spec.Response("/rest/3.0/targeting/count", "post", relaxations: KnownSpecGaps.Netmera);
        foreach (var body in new[]
        {
            """{"target":{}}""",
            """{"target":{"profile":{"country":["DE","FR"]}}}""",
            """{"target":{"profile":{"name":{"$exists":false}}}}""",
        })
        {
            countRequest.AssertValid(JsonDocument.Parse(body).RootElement, "targeting/count request " + body);
            var reply = await client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/targeting/count", body);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            countResponse.AssertValid(reply.Body, "targeting/count " + body);
        }

        var batchRequest = Spec.Compile(Spec.RequestBodySchema("/rest/3.0/targeting/count-batch", "post")!);
        var batchResponse = Spec.Response("/rest/3.0/targeting/count-batch", "post", relaxations: KnownSpecGaps.Netmera);
        foreach (var body in new[]
        {
            """{"groupBy":{"profile":"country"},"values":["TR","DE"]}""",
            """{"groupBy":{"installation":"platform"}}""",
            """{"groupBy":{"profile":"loyaltyPoints","buckets":[[0,999],[1000,20000]]}}""",
        })
        {
            batchRequest.AssertValid(JsonDocument.Parse(body).RootElement, "targeting/count-batch request " + body);
            var reply = await client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/targeting/count-batch", body);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            batchResponse.AssertValid(reply.Body, "targeting/count-batch " + body);
        }
    }

    [SkippableFact]
    public async Task New_error_bodies_match_the_ErrorResponse_schema()
    {
        var schema = Spec.Compile(Spec.ComponentSchema("ErrorResponse"));
        var replies = new List<JsonReply>
        {
            await client.GetJsonAsync("/rest/3.0/getDeviceTokens?max=x"),
            await client.GetJsonAsync("/rest/3.0/getPushStats"),
            await client.GetJsonAsync("/rest/3.0/getPushStats?notificationKey=1"),
            await client.GetJsonAsync("/rest/3.0/getPushResult"),
            await client.GetJsonAsync("/rest/3.0/getPushResult?extId=nobody"),
            await client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/targeting/count", "{oops"),
            await client.SendJsonAsync(HttpMethod.Post, "/rest/3.0/targeting/count-batch", "{}"),
        };

        await using (var limited = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 5, Seed = 1, ApiKey = Key, QuotaPerMinute = 1 }))
        {
            using var limitedClient = JsonHttp.Client(limited.BaseAddress, "X-netmera-api-key", Key);
            await limitedClient.GetJsonAsync("/rest/3.0/getSegments");
            replies.Add(await limitedClient.GetJsonAsync("/rest/3.0/getSegments"));
        }

        await using (var faulty = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 5, Seed = 1, ApiKey = Key, Faults = new NetmeraFaults { ServerErrorShare = 1, Seed = 3 } }))
        {
            using var faultyClient = JsonHttp.Client(faulty.BaseAddress, "X-netmera-api-key", Key);
            for (var i = 0; i < 10 && !replies.Any(r => r.Status == HttpStatusCode.InternalServerError); i++)
            {
                using var response = await faultyClient.GetAsync(new Uri("/rest/3.0/getSegments", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.InternalServerError)
                {
                    replies.Add(new JsonReply(response.StatusCode, "application/json", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()));
                }
            }
        }

        Assert.Equal([2004, 2020, 5003, 2009, 5016, 2009, 2020, 5022, 2001], replies.Select(r => r.Body.GetProperty("code").GetInt32()));
        foreach (var reply in replies)
        {
            schema.AssertValid(reply.Body, $"error {reply.Body.GetProperty("code")}");
        }
    }

    [SkippableFact]
    public void The_operations_served_are_the_specs_except_the_definition_lists()
    {
        // Every Netmera operation the simulator maps, by spec path; the two definition lists are the documented exceptions.
        string[] served =
        [
            "getSegments", "getSegmentUsers", "getProfileAttributes", "getDevices", "getDeviceTokens",
            "getPushStats", "getPushResult", "targeting/count", "targeting/count-batch",
        ];
        foreach (var path in served)
        {
            var method = path.StartsWith("targeting", StringComparison.Ordinal) ? "post" : "get";
            Assert.True(Spec.Operation("/rest/3.0/" + path, method) is JsonObject, $"{method.ToUpperInvariant()} {path} is not in the spec");
        }

        Assert.Null(Spec.Operation("/rest/3.0/app/events", "get"));
        Assert.Null(Spec.Operation("/rest/3.0/app/profile-attributes", "get"));
    }
}
