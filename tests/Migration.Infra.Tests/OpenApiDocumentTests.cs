using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Migration.Functions.Functions;
using Migration.Host;
using Migration.Workflow;
using YamlDotNet.RepresentationModel;

namespace Migration.Infra.Tests;

/// <summary>
/// docs/openapi.yaml describes exactly the routes the hosts map: every route of the local host
/// (MigrationEndpoints) and of the Functions app (HTTP triggers) is documented, every documented
/// operation exists on both, and every $ref resolves. A route added to the code fails here until it is described.
/// </summary>
public class OpenApiDocumentTests
{
    private static readonly YamlMappingNode Document = Load();

    [Fact]
    public void The_document_is_openapi_3_1_and_every_reference_resolves()
    {
        Assert.Equal("3.1.0", Scalar(Document, "openapi"));
        foreach (var reference in References(Document))
        {
            var node = reference.TrimStart('#', '/').Split('/').Aggregate<string, YamlNode?>(Document,
                (at, part) => at is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(part), out var next) ? next : null);
            Assert.True(node is not null, $"{reference} points at nothing in docs/openapi.yaml.");
        }
    }

    [Fact]
    public void Every_route_the_local_host_maps_is_documented_and_nothing_else()
    {
        var documented = Documented();
        var host = LocalHostRoutes();
        Assert.NotEmpty(host);
        Assert.All(host, r => Assert.True(documented.Contains(r), $"The local host maps {r}; docs/openapi.yaml does not describe it."));
        Assert.All(documented, r => Assert.True(host.Contains(r), $"docs/openapi.yaml describes {r}; the local host does not map it."));
    }

    [Fact]
    public void Every_route_the_functions_app_maps_is_documented_and_nothing_else()
    {
        var documented = Documented();
        var functions = FunctionsRoutes();
        Assert.NotEmpty(functions);
        Assert.All(functions, r => Assert.True(documented.Contains(r), $"The Functions app maps {r}; docs/openapi.yaml does not describe it."));
        Assert.All(documented, r => Assert.True(functions.Contains(r), $"docs/openapi.yaml describes {r}; the Functions app does not map it."));
    }

    private static HashSet<string> Documented()
    {
        var paths = (YamlMappingNode)Document.Children[new YamlScalarNode("paths")];
        string[] verbs = ["get", "put", "post", "delete", "patch"];
        return paths.Children
            .SelectMany(path => ((YamlMappingNode)path.Value).Children.Keys.OfType<YamlScalarNode>()
                .Where(k => verbs.Contains(k.Value)).Select(k => Route(k.Value!, ((YamlScalarNode)path.Key).Value!)))
            .ToHashSet();
    }

    /// <summary>The routes MigrationEndpoints maps, read from the endpoint data source of a host that is built, not started.</summary>
    private static HashSet<string> LocalHostRoutes()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddWorkflowServices();
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:9")));
        var app = builder.Build();
        app.MapMigrationApi();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.Parameters.Any(p => p.IsCatchAll)) // the not-found fallback under /api
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => Route(m, e.RoutePattern.RawText!)))
            .ToHashSet();
    }

    private static HashSet<string> FunctionsRoutes() => typeof(MigrationHttpFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods())
        .SelectMany(m => m.GetParameters())
        .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
        .OfType<HttpTriggerAttribute>()
        .SelectMany(t => (t.Methods ?? []).Select(m => Route(m, "api/" + t.Route)))
        .ToHashSet();

    private static string Route(string method, string path) => $"{method.ToUpperInvariant()} /{path.Trim('/')}";

    private static IEnumerable<string> References(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(c =>
            c.Key is YamlScalarNode { Value: "$ref" } && c.Value is YamlScalarNode target ? [target.Value!] : References(c.Value)),
        YamlSequenceNode sequence => sequence.Children.SelectMany(References),
        _ => [],
    };

    private static string? Scalar(YamlMappingNode map, string key) => (map.Children[new YamlScalarNode(key)] as YamlScalarNode)?.Value;

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Repository.File("docs", "openapi.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
