using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Sandbox;
using Migration.Tests.Shared.Contracts;

namespace Migration.Netmera.Tests.Simulator;

[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractSpecs>
{
    public const string Name = "netmera-contracts";
}

/// <summary>
/// Every request the client sends, for every operation it has, checked against netmera-rest-api.yaml: the
/// path exists, every query parameter is declared (and integers are integers), and JSON bodies match the
/// request schema with no undeclared property. Requests are recorded on the wire, under the retry handler.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class ClientContractTests(ContractSpecs specs)
{
    private const string Key = "contract-key";

    /// <summary>Paths the newer API reference documents and the spec does not have.</summary>
    private static readonly HashSet<string> ReferenceOnlyPaths = new(StringComparer.Ordinal) { "/rest/3.0/app/profile-attributes", "/rest/3.0/app/events" };

    /// <summary>Query parameters the API reference documents beyond the spec (getSegmentUsers' page size and opaque offset).</summary>
    private static readonly HashSet<(string Path, string Name)> ReferenceOnlyParameters = [("/rest/3.0/getSegmentUsers", "max"), ("/rest/3.0/getSegmentUsers", "offset")];

    private sealed class Recorder(ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Body)> sent) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            sent.Enqueue((request.Method, request.RequestUri!, body));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [SkippableFact]
    public async Task Every_request_of_every_operation_conforms_to_the_spec()
    {
        var spec = specs.Netmera;
        await using var simulator = await NetmeraSimulator.StartAsync(new NetmeraSimulatorOptions { Users = 150, Seed = 6, ApiKey = Key });
        var sent = new ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Body)>();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netmera:Connections:c:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Netmera:Connections:c:ApiKey"] = Key,
        });
        builder.AddNetmeraServices();
        builder.Services.AddHttpClient(NetmeraClientFactory.HttpClientName).AddHttpMessageHandler(() => new Recorder(sent));
        var client = builder.Build().Services.GetRequiredService<NetmeraClientFactory>().Create("c");

        // Drive every operation, with paging.
        var ever = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await client.GetSegmentsAsync(CancellationToken.None);
        await foreach (var _ in client.GetSegmentUserPagesAsync(NetmeraSimulator.AllUsersSegmentId, 100, CancellationToken.None)) { }
        await client.ReadUsersAsync(simulator.Users.Take(3).Select(u => u.ExtId).ToList(), 2, CancellationToken.None);
        await foreach (var _ in client.GetDeviceTokenPagesAsync(100, CancellationToken.None)) { }
        await client.GetProfileAttributeDefinitionsAsync(CancellationToken.None);
        await client.GetEventDefinitionsAsync(CancellationToken.None);
        var key = simulator.Catalog.Campaigns.First(c => c.WasSent).Key;
        await client.GetPushStatsAsync(key, CancellationToken.None);
        await client.GetPushStatsAsync(ever, DateTimeOffset.UtcNow, CancellationToken.None);
        await foreach (var _ in client.GetPushResultPagesAsync(NetmeraPushResultQuery.ForNotification(key.ToString(CultureInfo.InvariantCulture), ever, DateTimeOffset.UtcNow), 50, CancellationToken.None)) { }
        await foreach (var _ in client.GetPushResultPagesAsync(NetmeraPushResultQuery.ForUser(simulator.Users[0].ExtId), 50, CancellationToken.None)) { }
        await client.CountUsersWithAttributeAsync("email", true, CancellationToken.None);
        await client.CountUsersAsync(new JsonObject { ["profile"] = new JsonObject { ["favoriteCategories"] = new JsonArray("books", "toys") } }, CancellationToken.None);
        await client.CountUsersByAsync(NetmeraGroupBy.ByProfile("country"), ["TR", "DE"], CancellationToken.None);
        await client.CountUsersByAsync(NetmeraGroupBy.ByInstallation("platform"), null, CancellationToken.None);
        await client.CountUsersByAsync(NetmeraGroupBy.ByBuckets("loyaltyPoints", [(0, 100), (101, 100000)]), null, CancellationToken.None);

        var problems = new List<string>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (method, uri, body) in sent)
        {
            var path = uri.AbsolutePath;
            paths.Add(path);
            var what = $"{method} {uri.PathAndQuery}";
            if (ReferenceOnlyPaths.Contains(path))
                continue;
            if (spec.Operation(path, method.Method) is null)
            {
                problems.Add($"{what}: no such operation in the spec");
                continue;
            }

            var declared = spec.Parameters(path, method.Method).Where(p => p["in"]!.GetValue<string>() == "query")
                .ToDictionary(p => p["name"]!.GetValue<string>(), p => p["schema"]?["type"]?.ToString(), StringComparer.Ordinal);
            var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            foreach (var name in query.AllKeys.OfType<string>())
            {
                if (!declared.TryGetValue(name, out var type))
                {
                    if (!ReferenceOnlyParameters.Contains((path, name)))
                        problems.Add($"{what}: query parameter '{name}' is not declared");
                }
                else if (type == "integer" && !long.TryParse(query[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"{what}: '{name}' should be an integer");
                }
            }

            if (spec.RequestBodySchema(path, method.Method) is { } schema)
            {
                if (body is null)
                    problems.Add($"{what}: no body");
                else
                    problems.AddRange(spec.Compile(schema).Check(JsonDocument.Parse(body).RootElement).Select(p => $"{what}: {p}"));
            }
            else if (body is not null)
            {
                problems.Add($"{what}: a body the spec does not take");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(
            ["getDeviceTokens", "getDevices", "getProfileAttributes", "getPushResult", "getPushStats", "getSegmentUsers", "getSegments", "targeting/count", "targeting/count-batch"],
            paths.Except(ReferenceOnlyPaths).Select(p => p["/rest/3.0/".Length..]).Order(StringComparer.Ordinal));
        Assert.Contains(sent, r => r.Uri.Query.Contains("offset=", StringComparison.Ordinal) && r.Uri.AbsolutePath.EndsWith("getPushResult", StringComparison.Ordinal));

        // The check has teeth: buckets beside groupBy (as netmera-api.md §3.6 sketches it) is not the spec's shape.
        var countBatch = spec.Compile(spec.RequestBodySchema("/rest/3.0/targeting/count-batch", "post")!);
        Assert.NotEmpty(countBatch.Check(JsonDocument.Parse("""{"groupBy":{"profile":"age"},"buckets":[[18,24]]}""").RootElement));
        Assert.Empty(countBatch.Check(JsonDocument.Parse("""{"groupBy":{"profile":"age","buckets":[[18,24]]}}""").RootElement));
    }
}
