using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Pipedrive;

/// <summary>The Pipedrive v2 person surface (<c>/api/v2/</c>) and the sandbox admin routes.</summary>
internal static class PipedriveEndpoints
{
    public const string Prefix = "/api/v2";

    public static void UsePipedrivePipeline(this WebApplication app, PipedriveSimulatorOptions options, RequestTally tally)
    {
        var expected = Encoding.UTF8.GetBytes(options.ApiToken);

        // Bodiless framework answers (unknown route 404, wrong method 405) get the error envelope too.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var message = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "Unknown method .",
                StatusCodes.Status405MethodNotAllowed => "Method not allowed",
                var status => ReasonPhrases.GetReasonPhrase(status),
            };
            await PipedriveWire.Error(http.Response.StatusCode, message).ExecuteAsync(http).ConfigureAwait(false);
        });

        app.UseRouting();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(SimulatorHost.AdminPrefix, StringComparison.Ordinal))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            tally.CountRequest();
            if (!Authorized(context.Request, expected))
            {
                await PipedriveWire.Error(StatusCodes.Status401Unauthorized, "unauthorized access").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var operation = context.GetEndpoint()?.Metadata.GetMetadata<SimulatedOperation>();
            if (operation is not null)
            {
                tally.CountOperation(operation);

                // Token costs, the burst window, the daily budget and fault injection plug in here (a later issue),
                // keyed by operation.Key / operation.OperationId like the spec's x-token-cost.
            }

            if (options.Latency > TimeSpan.Zero)
                await Task.Delay(options.Latency, options.Clock, context.RequestAborted).ConfigureAwait(false);

            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (RequestRejected rejected) when (!context.Response.HasStarted)
            {
                await PipedriveWire.Error(rejected.Status, rejected.Message).ExecuteAsync(context).ConfigureAwait(false);
            }
        });
    }

    public static void MapPipedrive(this WebApplication app, PipedriveAccount account, RequestTally tally)
    {
        app.MapOperation("GET", Prefix, "/personFields", "getPersonFields", (HttpContext c) => GetPersonFields(c, account));
        app.MapOperation("POST", Prefix, "/personFields", "addPersonField", (HttpContext c) => AddPersonField(c, account));
        app.MapOperation("GET", Prefix, "/personFields/{field_code}", "getPersonField", (HttpContext c) => GetPersonField((string)c.Request.RouteValues["field_code"]!, account));
        app.MapOperation("GET", Prefix, "/persons", "getPersons", (HttpContext c) => GetPersons(c, account));
        app.MapOperation("POST", Prefix, "/persons", "addPerson", (HttpContext c) => AddPerson(c, account));
        app.MapOperation("GET", Prefix, "/persons/search", "searchPersons", (HttpContext c) => SearchPersons(c, account));
        app.MapOperation("GET", Prefix, "/persons/{id}", "getPerson", (HttpContext c, string id) => GetPerson(c, id, account));
        app.MapOperation("PATCH", Prefix, "/persons/{id}", "updatePerson", (HttpContext c, string id) => UpdatePerson(c, id, account));
        app.MapOperation("DELETE", Prefix, "/persons/{id}", "deletePerson", (string id) => DeletePerson(id, account));

        var admin = SimulatorHost.AdminPrefix;
        app.MapGet(admin + "/persons", () =>
        {
            var custom = CustomFields(account);
            return Results.Json(account.Persons().Select(p => PipedriveWire.View(p, custom)), PipedriveWire.Json);
        });
        app.MapGet(admin + "/stats", () =>
        {
            var persons = account.Persons();
            var fields = account.Fields();
            return Results.Json(
                new PipedriveStats(
                    persons.Count(p => !p.IsDeleted),
                    persons.Count(p => p.IsDeleted),
                    fields.Count,
                    fields.Count(f => f.IsCustom),
                    tally.Total,
                    tally.ByOperation()),
                PipedriveWire.AdminJson);
        });
        app.MapPost(admin + "/reset", () =>
        {
            account.Reset();
            tally.Reset();
            return Results.NoContent();
        });
    }

    private static bool Authorized(HttpRequest request, byte[] expected)
    {
        var token = request.Headers["x-api-token"].ToString();
        if (token.Length == 0)
        {
            token = request.Query["api_token"].ToString();
        }

        if (token.Length == 0 && request.Headers.Authorization.ToString() is var authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // OAuth access tokens are accepted when they equal the API token: the sandbox has one credential.
            token = authorization["Bearer ".Length..].Trim();
        }

        return token.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), expected);
    }

    private static IResult GetPersonFields(HttpContext context, PipedriveAccount account)
    {
        const string scope = "personFields";
        var query = context.Request.Query;
        var limit = PersonListing.Limit(query, PersonListing.MaxLimit);
        var offset = PipedriveCursor.DecodeOffset(query["cursor"].ToString(), scope);
        var fields = account.Fields();
        var page = fields.Skip(offset).Take(limit).Select(PipedriveWire.View).ToArray();
        var next = offset + page.Length < fields.Count ? PipedriveCursor.EncodeOffset(scope, offset + page.Length) : null;
        return PipedriveWire.Page(page, next);
    }

    private static IResult GetPersonField(string fieldCode, PipedriveAccount account) =>
        account.FindField(fieldCode) is { } field
            ? PipedriveWire.Ok(PipedriveWire.View(field))
            : PipedriveWire.Error(StatusCodes.Status404NotFound, "Field not found");

    private static async Task<IResult> AddPersonField(HttpContext context, PipedriveAccount account)
    {
        var body = await ReadObject(context).ConfigureAwait(false);
        var name = JsonRules.OptionalString(body["field_name"], "field_name", 255);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw RequestRejected.BadRequest("field_name is required (1 to 255 characters)");
        }

        var fieldType = JsonRules.OptionalString(body["field_type"], "field_type", 64)
            ?? throw RequestRejected.BadRequest("field_type is required");
        if (!FieldTypes.Creatable.Contains(fieldType))
        {
            throw RequestRejected.BadRequest($"field_type '{fieldType}' cannot be created; use one of {string.Join(", ", FieldTypes.Creatable.Order())}");
        }

        List<string>? labels = null;
        if (FieldTypes.HasOptions(fieldType))
        {
            var options = JsonRules.OptionalArray(body["options"], "options");
            if (options is null || options.Count == 0)
            {
                throw RequestRejected.BadRequest($"options are required for {fieldType} fields");
            }

            if (options.Count > 10_000)
            {
                throw RequestRejected.BadRequest("a field can have at most 10000 options");
            }

            labels = [];
            for (var i = 0; i < options.Count; i++)
            {
                var option = options[i] as JsonObject ?? throw RequestRejected.BadRequest($"options[{i}] must be an object {{label}}");
                var label = JsonRules.OptionalString(option["label"], $"options[{i}].label", 255);
                labels.Add(string.IsNullOrWhiteSpace(label) ? throw RequestRejected.BadRequest($"options[{i}].label is required (1 to 255 characters)") : label);
            }
        }

        // Options on other types are ignored, as is the UI configuration (ui_visibility, important_fields, required_fields).
        return PipedriveWire.Ok(PipedriveWire.View(account.AddField(name, fieldType, labels)));
    }

    private static IResult GetPersons(HttpContext context, PipedriveAccount account)
    {
        var page = PersonListing.List(account.Persons(), context.Request.Query);
        var custom = CustomFields(account);
        return PipedriveWire.Page(page.Items.Select(p => PipedriveWire.View(p, custom, page.CustomFieldKeys)).ToArray(), page.NextCursor);
    }

    private static async Task<IResult> AddPerson(HttpContext context, PipedriveAccount account)
    {
        var body = await ReadObject(context).ConfigureAwait(false);
        var person = account.AddPerson(body);
        return PipedriveWire.Ok(PipedriveWire.View(person, CustomFields(account)));
    }

    private static IResult SearchPersons(HttpContext context, PipedriveAccount account)
    {
        var result = PersonSearch.Search(account.Persons(), CustomFields(account), context.Request.Query);
        return PipedriveWire.Page(new SearchData(result.Hits), result.NextCursor);
    }

    /// <summary>
    /// A soft-deleted person is still returned, with <c>is_deleted: true</c>, as v1 did with active_flag
    /// (the v2 docs leave this open). Clients must check the flag, and must handle 404 for purged or unknown ids.
    /// </summary>
    private static IResult GetPerson(HttpContext context, string id, PipedriveAccount account) =>
        account.FindPerson(PersonId(id)) is { } person
            ? PipedriveWire.Ok(PipedriveWire.View(person, CustomFields(account), PersonListing.CustomFieldKeys(context.Request.Query)))
            : PipedriveWire.Error(StatusCodes.Status404NotFound, "Person not found");

    private static async Task<IResult> UpdatePerson(HttpContext context, string id, PipedriveAccount account)
    {
        var personId = PersonId(id);
        var body = await ReadObject(context).ConfigureAwait(false);
        var person = account.UpdatePerson(personId, body);
        return PipedriveWire.Ok(PipedriveWire.View(person, CustomFields(account)));
    }

    private static IResult DeletePerson(string id, PipedriveAccount account)
    {
        var personId = PersonId(id);
        account.DeletePerson(personId);
        return PipedriveWire.Ok(new DeletedData(personId));
    }

    private static int PersonId(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw RequestRejected.BadRequest("id must be a positive integer");

    private static IReadOnlyList<PersonField> CustomFields(PipedriveAccount account) =>
        account.Fields().Where(f => f.IsCustom).ToArray();

    /// <summary>v2 takes JSON bodies only.</summary>
    private static async Task<JsonObject> ReadObject(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw RequestRejected.BadRequest("Request body must be JSON (Content-Type: application/json)");
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            _ = (body as JsonObject)?.Count; // materialises the properties, which is where duplicate keys throw
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw RequestRejected.BadRequest("Request body is not valid JSON (or repeats a property)");
        }

        return body as JsonObject ?? throw RequestRejected.BadRequest("Request body must be a JSON object");
    }
}
