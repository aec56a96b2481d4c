using System.Text.Json;
using Migration.Sandbox.Dataset;
using Migration.Sandbox.Hosting;
using Migration.Sandbox.Netmera.Exports;

namespace Migration.Sandbox.Netmera;

/// <summary>
/// <c>/_sandbox/*</c>: ground truth, request counts, the quota and fault knobs, and the export files. No key, no quota,
/// no faults: test equipment talking to tests.
/// </summary>
internal static class NetmeraAdminEndpoints
{
    private const string Prefix = SimulatorHost.AdminPrefix;

    public static void MapNetmeraAdmin(
        this WebApplication app, NetmeraPopulation population, RequestTally tally, NetmeraQuota quota, NetmeraFaultInjector faults, ExportStore exports, TimeProvider clock)
    {
        app.MapGet(Prefix + "/users", () =>
        {
            var known = population.ByExtId;
            return Results.Json(
                population.Users.Where(u => known.ContainsKey(u.ExtId))
                    .Select(u => new AdminUser(u.ExtId, u.Name, u.Surname, u.Email, u.Msisdn, u.Devices.Select(NetmeraEndpoints.ToItem).ToArray())),
                NetmeraWire.AdminJson);
        });

        // Edits, as a cutover meets them: Netmera's users keep changing until the operator's freeze really holds.
        app.MapPost(Prefix + "/users", async (HttpContext context) =>
        {
            var body = await Body(context).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } fields || !fields.TryGetProperty("extId", out var id) || id.GetString() is not { Length: > 0 } extId)
            {
                return AdminError("expected {\"extId\": \"…\", and any of " + string.Join(", ", EditableFields) + "}");
            }

            var user = Edit(new SourceUser { ExtId = extId }, fields);
            return population.Add(user)
                ? Results.Json(new { extId }, NetmeraWire.AdminJson, statusCode: StatusCodes.Status201Created)
                : Results.Json(new { error = $"a user with extId {extId} exists" }, NetmeraWire.AdminJson, statusCode: StatusCodes.Status409Conflict);
        });
        app.MapPatch(Prefix + "/users/{extId}", async (string extId, HttpContext context) =>
        {
            var body = await Body(context).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } fields)
            {
                return AdminError("expected an object with any of " + string.Join(", ", EditableFields) + " (null clears a value)");
            }

            return population.Change(extId, u => Edit(u, fields)) is { } changed
                ? Results.Json(new { extId = changed.ExtId }, NetmeraWire.AdminJson)
                : Results.NotFound(new { error = $"no user with extId {extId}" });
        });
        app.MapDelete(Prefix + "/users/{extId}", (string extId) =>
            population.Remove(extId) ? Results.NoContent() : Results.NotFound(new { error = $"no user with extId {extId}" }));
        app.MapGet(Prefix + "/stats", () => Results.Json(
            new NetmeraStats(population.Users.Count, tally.Total, tally.ByOperation(), clock.GetUtcNow(), SourceDataset.AsOf),
            NetmeraWire.AdminJson));
        app.MapGet(Prefix + "/truth", () => Results.Json(Truth(population, clock), NetmeraWire.AdminJson));

        app.MapGet(Prefix + "/quota", () => Results.Json(quota.State(), NetmeraWire.AdminJson));
        app.MapPost(Prefix + "/quota", async (HttpContext context) =>
        {
            var body = await Body(context).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } || !body.Value.TryGetProperty("quotaPerMinute", out var value)
                || !value.TryGetInt32(out var perMinute) || perMinute < 0)
            {
                return AdminError("expected {\"quotaPerMinute\": <n ≥ 0>} (0 lifts the quota)");
            }

            return Results.Json(quota.Configure(perMinute), NetmeraWire.AdminJson);
        });

        app.MapGet(Prefix + "/faults", () => Results.Json(faults.State(), NetmeraWire.AdminJson));
        app.MapPost(Prefix + "/faults", async (HttpContext context) =>
        {
            var body = await Body(context).ConfigureAwait(false);
            if (body is not { ValueKind: JsonValueKind.Object } knobs)
            {
                return AdminError("expected {\"serverErrorShare\": 0..1, \"seed\": n, \"latencyMs\": n}, any subset");
            }

            var current = faults.State();
            try
            {
                var share = knobs.TryGetProperty("serverErrorShare", out var s) ? s.GetDouble() : current.ServerErrorShare;
                var seed = knobs.TryGetProperty("seed", out var n) ? n.GetInt32() : current.Seed;
                var latency = knobs.TryGetProperty("latencyMs", out var l) ? l.GetInt64() : current.LatencyMs;
                faults.Configure(new NetmeraFaults { ServerErrorShare = share, Seed = seed }, TimeSpan.FromMilliseconds(latency));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                return AdminError(e.Message);
            }

            return Results.Json(faults.State(), NetmeraWire.AdminJson);
        });

        app.MapGet(Prefix + "/exports", async () =>
        {
            var listing = new List<ExportListing>();
            foreach (var file in exports.Exports.Files)
            {
                var path = await exports.PathOfAsync(file).ConfigureAwait(false);
                listing.Add(new ExportListing(file.Name, file.Kind, file.ContentType, new FileInfo(path).Length, file.Delimiter, file.NotificationKey));
            }

            return Results.Json(listing, NetmeraWire.AdminJson);
        });
        app.MapGet(Prefix + "/exports/{name}", async (string name) =>
        {
            if (exports.Exports.Find(name) is not { } file)
            {
                return Results.NotFound(new { error = $"no export file named {name}" });
            }

            var path = await exports.PathOfAsync(file).ConfigureAwait(false);
            return Results.File(path, file.ContentType, file.Name, enableRangeProcessing: true);
        });
    }

    private static readonly string[] EditableFields = ["name", "surname", "email", "msisdn", "city", "country", "language", "company"];

    /// <summary>The profile values a test may set (strings; null clears). Other members are left as they are.</summary>
    private static SourceUser Edit(SourceUser user, JsonElement fields)
    {
        foreach (var field in fields.EnumerateObject())
        {
            var value = field.Value.ValueKind == JsonValueKind.Null ? null : field.Value.GetString();
            user = field.Name switch
            {
                "name" => user with { Name = value },
                "surname" => user with { Surname = value },
                "email" => user with { Email = value },
                "msisdn" => user with { Msisdn = value },
                "city" => user with { City = value },
                "country" => user with { Country = value },
                "language" => user with { Language = value },
                "company" => user with { Company = value },
                _ => user,
            };
        }
        return user;
    }

    private sealed record ExportListing(string Name, string Kind, string ContentType, long Size, string? Delimiter, int? NotificationKey);

    private static IResult AdminError(string message) => Results.Json(new { error = message }, NetmeraWire.AdminJson, statusCode: StatusCodes.Status400BadRequest);

    private static async Task<JsonElement?> Body(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object Truth(NetmeraPopulation population, TimeProvider clock)
    {
        var truth = population.Truth;
        var installations = population.Installations;
        return new
        {
            seed = population.Seed,
            asOf = SourceDataset.AsOf,
            now = clock.GetUtcNow(),
            users = truth.Users,

            // What a migration compares segment coverage against: distinct extIds of getDeviceTokens, and
            // targeting/count with an empty target. Both are the whole population here.
            knownUserCount = installations.Where(i => i.ExtId is not null).Select(i => i.ExtId).Distinct(StringComparer.Ordinal).Count(),
            euUsers = truth.EuUsers,
            nonEuUsers = truth.NonEuUsers,
            usersWithoutCountry = truth.UsersWithoutCountry,
            usersWithoutEmail = truth.UsersWithoutEmail,
            usersWithInvalidEmail = truth.UsersWithInvalidEmail,
            dormantUsers = truth.DormantUsers,
            installations = new
            {
                total = installations.Count,
                installed = truth.InstalledDevices,
                uninstalled = truth.UninstalledDevices,
                anonymous = truth.AnonymousInstallations,
                withoutToken = installations.Count(i => i.Device.Token.Length == 0),
            },
            segments = population.Segments.Select(s => new
            {
                id = s.Id,
                name = s.Name,
                type = s.Type,
                userCount = s.UserCount,
                coverage = s.UserCount is { } n && truth.Users > 0 ? Math.Round(n / (double)truth.Users, 4) : (double?)null,
            }),
            duplicates = new
            {
                byEmail = truth.DuplicatesByEmail.Select(d => new { email = d.Email, extIds = d.ExtIds }),
                byDevice = truth.DuplicatesByDevice.Select(d => new { installationId = d.InstallationId, token = d.Token, extIds = d.ExtIds }),
                extraUsersByEmail = truth.DuplicatesByEmail.Sum(d => d.ExtIds.Count - 1),
                extraUsersByDevice = truth.DuplicatesByDevice.Sum(d => d.ExtIds.Count - 1),
            },
            events = new
            {
                total = truth.Events.Sum(e => e.Count),
                significant = truth.Events.Where(e => e.Frequency == EventFrequency.Significant).Sum(e => e.Count),
                highFrequency = truth.Events.Where(e => e.Frequency == EventFrequency.HighFrequency).Sum(e => e.Count),
                withoutExternalId = truth.EventsWithoutExternalId,
                byEvent = truth.Events.Select(e => new
                {
                    code = e.Code,
                    name = e.Name,
                    frequency = e.Frequency == EventFrequency.Significant ? "significant" : "highFrequency",
                    count = e.Count,
                }),
            },
            campaigns = new
            {
                keys = population.Catalog.Campaigns.Select(c => c.Key),
                sentKeys = population.Catalog.Campaigns.Where(c => c.WasSent).Select(c => c.Key),
                byKey = population.Catalog.Campaigns.Select(c => new
                {
                    key = c.Key,
                    name = c.Name,
                    channel = c.Channel,
                    status = c.Status,
                    sendAt = c.SendAt,
                    stats = population.StatsOf(c.Key) is { } s
                        ? new
                        {
                            recipients = s.Recipients,
                            rows = s.Rows,
                            conversions = s.Conversions,
                            platforms = s.Platforms.Select(p => new { platform = p.Platform, sent = p.Sent, failed = p.Failed, delivered = p.Delivered, shown = p.Shown, clicked = p.Clicked }),
                        }
                        : null,
                }),
            },
            tags = new
            {
                vocabulary = truth.Tags.Select(t => new { name = t.Key, userCount = t.Value }),
                assignments = truth.TagAssignments,
            },
            surveys = truth.Surveys.Select(s => new { id = s.Id, name = s.Name, respondents = s.Respondents, answers = s.Answers }),
            widgets = new
            {
                assets = population.Catalog.Widgets.Sum(w => w.Assets.Count),
                overLimit = population.Catalog.Widgets.SelectMany(w => w.Assets.Where(a => a.IsOverLimit).Select(a => new { widgetId = w.Id, fileName = a.FileName, kind = a.Kind, sizeBytes = a.SizeBytes })),
            },
            journeys = population.Catalog.Journeys.Select(j => new { id = j.Id, name = j.Name, status = j.Status, steps = j.Steps.Count }),
        };
    }
}
