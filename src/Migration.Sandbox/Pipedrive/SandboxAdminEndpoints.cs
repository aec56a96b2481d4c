using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// Test-only inspection and control under <c>/_sandbox/</c>: no token, no cost, no faults, never on a vendor path.
/// Our own shapes, camelCase; records inside a snapshot keep the vendor's snake_case so they compare with API answers.
/// </summary>
internal static class SandboxAdminEndpoints
{
    public static void MapSandboxAdmin(
        this WebApplication app, PipedriveAccount account, RequestTally tally, TokenBudget budget, FaultInjector faults, TimeProvider clock)
    {
        var admin = SimulatorHost.AdminPrefix;
        app.MapGet(admin + "/persons", () =>
        {
            var fields = account.Fields(FieldEntity.Person);
            return Results.Json(account.Persons().Select(p => PipedriveViews.Person(p, fields)), PipedriveWire.Json);
        });

        app.MapGet(admin + "/stats", () =>
        {
            var snapshot = account.Snapshot();
            var personFields = snapshot.Fields[FieldEntity.Person].Where(f => !f.IsDeleted).ToList();
            return Results.Json(
                new PipedriveStats(
                    snapshot.Persons.Count(p => !p.IsDeleted),
                    snapshot.Persons.Count(p => p.IsDeleted),
                    personFields.Count,
                    personFields.Count(f => f.IsCustom),
                    snapshot.Organizations.Count(o => !o.IsDeleted),
                    snapshot.Deals.Count(d => !d.IsDeleted),
                    snapshot.Activities.Count(a => !a.IsDeleted),
                    snapshot.Notes.Count(n => n.ActiveFlag),
                    account.CustomFieldCount(),
                    tally.Total,
                    tally.ByOperation()),
                PipedriveWire.AdminJson);
        });

        app.MapPost(admin + "/reset", () =>
        {
            account.Reset();
            tally.Reset();
            budget.Reset();
            faults.Reset();
            return Results.NoContent();
        });

        app.MapGet(admin + "/usage", () =>
        {
            var usage = JsonSerializer.SerializeToNode(budget.Usage(), PipedriveWire.AdminJson)!.AsObject();
            usage["faults"] = JsonSerializer.SerializeToNode(faults.Usage(), PipedriveWire.AdminJson);
            return Results.Json(usage, PipedriveWire.AdminJson);
        });

        app.MapGet(admin + "/snapshot", () => Results.Json(Snapshot(account.Snapshot()), PipedriveWire.AdminJson));

        app.MapGet(admin + "/faults", () => Results.Json(faults.Usage(), PipedriveWire.AdminJson));
        app.MapPost(admin + "/faults", async (HttpContext context) =>
        {
            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            if (body is null)
            {
                return AdminError("the body must be a JSON object of fault knobs");
            }

            // Knobs left out keep their current values.
            var current = faults.Usage().Knobs;
            try
            {
                var knobs = new PipedriveFaults
                {
                    ServerErrorShare = Number(body, "serverErrorShare") ?? current.ServerErrorShare,
                    TooManyRequestsShare = Number(body, "tooManyRequestsShare") ?? current.TooManyRequestsShare,
                    CommitThenFailShare = Number(body, "commitThenFailShare") ?? current.CommitThenFailShare,
                    CommitThenFailDropShare = Number(body, "commitThenFailDropShare") ?? current.CommitThenFailDropShare,
                    Seed = Number(body, "seed") is { } seed ? (int)seed : current.Seed,
                };
                var latency = Number(body, "latencyMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
                if (knobs.Problem() is { } problem)
                {
                    return AdminError(problem);
                }

                if (latency < TimeSpan.Zero)
                {
                    return AdminError("latencyMs must not be negative");
                }

                faults.Configure(knobs, latency);
                return Results.Json(faults.Usage(), PipedriveWire.AdminJson);
            }
            catch (FormatException e)
            {
                return AdminError(e.Message);
            }
        });

        app.MapPost(admin + "/clock/advance", (HttpContext context) =>
        {
            if (clock is not SimulatedClock simulated)
            {
                return Results.Json(new { error = "the clock was supplied by the caller (PipedriveSimulatorOptions.Clock): advance it there" }, PipedriveWire.AdminJson, statusCode: StatusCodes.Status409Conflict);
            }

            if (!double.TryParse(context.Request.Query["seconds"], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < 0)
            {
                return AdminError("seconds must be a non-negative number");
            }

            simulated.Advance(TimeSpan.FromSeconds(seconds));
            return Results.Json(new { now = simulated.GetUtcNow(), offsetSeconds = simulated.Offset.TotalSeconds, scale = simulated.Scale }, PipedriveWire.AdminJson);
        });
    }

    /// <summary>Every kind of record, each in id order (fields in the account's order), deleted records included and flagged.</summary>
    private static JsonObject Snapshot(AccountSnapshot account)
    {
        JsonNode? Vendor<T>(IEnumerable<T> items) => JsonSerializer.SerializeToNode(items.ToArray(), PipedriveWire.Json);
        IReadOnlyList<FieldDefinition> Live(FieldEntity entity) => [.. account.Fields[entity].Where(f => !f.IsDeleted)];
        HashSet<string> everything = ["ui_visibility", "important_fields", "required_fields"];
        return new JsonObject
        {
            ["users"] = Vendor(account.Users.OrderBy(u => u.Id).Select(PipedriveViews.User)),
            ["personFields"] = Vendor(Live(FieldEntity.Person).Select(f => PipedriveViews.Field(f, FieldEntity.Person, everything))),
            ["organizationFields"] = Vendor(Live(FieldEntity.Organization).Select(f => PipedriveViews.Field(f, FieldEntity.Organization, everything))),
            ["dealFields"] = Vendor(Live(FieldEntity.Deal).Select(f => PipedriveViews.Field(f, FieldEntity.Deal, everything))),
            ["activityFields"] = Vendor(Live(FieldEntity.Activity).Select(f => PipedriveViews.Field(f, FieldEntity.Activity, everything))),
            ["persons"] = Vendor(account.Persons.Select(p => PipedriveViews.Person(p, account.Fields[FieldEntity.Person]))),
            ["organizations"] = Vendor(account.Organizations.Select(o => PipedriveViews.Organization(o, account.Fields[FieldEntity.Organization]))),
            ["deals"] = Vendor(account.Deals.Select(d => PipedriveViews.Deal(d, account.Fields[FieldEntity.Deal]))),
            ["activities"] = Vendor(account.Activities.Select(a => PipedriveViews.Activity(a, withAttendees: true))),
            ["pipelines"] = Vendor(account.Pipelines.Select(PipedriveViews.Pipeline)),
            ["stages"] = Vendor(account.Stages.Select(PipedriveViews.Stage)),
            ["activityTypes"] = Vendor(account.ActivityTypes.Select(PipedriveViews.ActivityType)),
            ["filters"] = Vendor(account.Filters.Select(f => PipedriveViews.Filter(f, withConditions: true))),
            ["notes"] = Vendor(account.Notes.Select(n => PipedriveViews.Note(n, account))),
        };
    }

    private static double? Number(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<double>(),
        _ => throw new FormatException($"{name} must be a number"),
    };

    private static IResult AdminError(string message) =>
        Results.Json(new { error = message }, PipedriveWire.AdminJson, statusCode: StatusCodes.Status400BadRequest);
}
