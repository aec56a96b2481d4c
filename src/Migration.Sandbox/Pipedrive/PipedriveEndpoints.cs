using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Pipedrive;

/// <summary>Maps every vendor operation of <see cref="PipedriveOperations"/>; bodies are read and ids parsed here.</summary>
internal static partial class PipedriveEndpoints
{
    public static void MapPipedrive(this WebApplication app, PipedriveAccount account)
    {
        app.MapFields(account);
        app.MapPersons(account);
        app.MapOrganizations(account);
        app.MapDeals(account);
        app.MapActivities(account);
        app.MapPipelines(account);
        app.MapSearch(account);
        app.MapUsers(account);
        app.MapPersonFieldsV1(account);
        app.MapActivityTypes(account);
        app.MapFilters(account);
        app.MapNotes(account);
    }

    /// <summary>v1 answers under both <c>/api/v1/</c> and <c>/v1/</c> (pipedrive-api.md §2); both count as one operation.</summary>
    private static void MapV1(this WebApplication app, SimulatedOperation operation, Delegate handler)
    {
        app.MapOperation(operation, handler);
        app.MapMethods("/v1" + operation.PathTemplate[PipedriveOperations.V1.Length..], [operation.Method], handler).WithMetadata(operation);
    }

    private static int RouteId(HttpContext context, string name = "id") =>
        QueryRules.Id((string)context.Request.RouteValues[name]!, name);

    /// <summary>v2 takes JSON bodies only; so does the sandbox's v1 (which on the live API also takes forms).</summary>
    private static async Task<JsonObject> ReadObject(HttpContext context) =>
        await ReadNode(context).ConfigureAwait(false) as JsonObject ?? throw RequestRejected.BadRequest("Request body must be a JSON object");

    private static async Task<JsonNode?> ReadNode(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw RequestRejected.BadRequest("Request body must be JSON (Content-Type: application/json)");
        }

        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            _ = (body as JsonObject)?.Count; // materialises the properties, which is where duplicate keys throw
            return body;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw RequestRejected.BadRequest("Request body is not valid JSON (or repeats a property)");
        }
    }
}
