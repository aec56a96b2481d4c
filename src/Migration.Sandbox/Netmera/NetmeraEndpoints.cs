using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox.Dataset;
using Microsoft.AspNetCore.WebUtilities;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Netmera;

/// <summary>The Netmera REST read surface (<c>/rest/3.0/</c>) and the sandbox admin routes.</summary>
internal static class NetmeraEndpoints
{
    public const string Prefix = "/rest/3.0/";

    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static void UseNetmeraPipeline(this WebApplication app, string apiKey, RequestTally tally)
    {
        var expectedKey = Encoding.UTF8.GetBytes(apiKey);

        // Framework-level failures (unknown route 404, wrong method 405) answer as RFC 9457 problems.
        app.UseStatusCodePages(async context => await WriteProblem(context.HttpContext).ConfigureAwait(false));

        app.UseRouting();
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(SimulatorHost.AdminPrefix, StringComparison.Ordinal))
            {
                tally.CountRequest();
            }

            var operation = context.GetEndpoint()?.Metadata.GetMetadata<SimulatedOperation>();
            if (operation is not null)
            {
                // Header names are case-insensitive here, as in HTTP: netmera4j sends it lower-case.
                var key = context.Request.Headers["X-netmera-api-key"].ToString();
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), expectedKey))
                {
                    await Error(StatusCodes.Status403Forbidden, 2010, "API key is invalid").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                tally.CountOperation(operation);
            }

            await next(context).ConfigureAwait(false);
        });
    }

    public static void MapNetmera(this WebApplication app, NetmeraPopulation population, RequestTally tally)
    {
        app.MapOperation("GET", Prefix, "getSegments", "getSegments", () => GetSegments(population));
        app.MapOperation("GET", Prefix, "getSegmentUsers", "getSegmentUsers", (HttpContext context) => GetSegmentUsers(context, population));
        app.MapOperation("GET", Prefix, "getProfileAttributes", "getProfileAttributes", (HttpContext context) => GetProfileAttributes(context, population));
        app.MapOperation("GET", Prefix, "getDevices", "getDevices", (HttpContext context) => GetDevices(context, population));
        app.MapOperation("GET", Prefix, "app/profile-attributes", "listProfileAttributeDefinitions", () => ProfileAttributeDefinitions());

        app.MapGet(SimulatorHost.AdminPrefix + "/users", () => Results.Json(
            population.Users.Select(u => new AdminUser(u.ExtId, u.Name, u.Surname, u.Email, u.Msisdn, u.Devices.Select(ToItem).ToArray())),
            NetmeraWire.AdminJson));
        app.MapGet(SimulatorHost.AdminPrefix + "/stats", () => Results.Json(new NetmeraStats(population.Users.Count, tally.Total), NetmeraWire.AdminJson));
    }

    private static IResult GetSegments(NetmeraPopulation population) =>
        Results.Json(new SegmentList(population.Segments.Select(s => new SegmentItem(s.Id, s.Name, s.UserCount, s.Type)).ToArray()), NetmeraWire.Json);

    private static IResult GetSegmentUsers(HttpContext context, NetmeraPopulation population)
    {
        var query = context.Request.Query;
        var id = query["id"].ToString();
        if (string.IsNullOrWhiteSpace(id))
        {
            return Error(StatusCodes.Status400BadRequest, 2020, "Missing required parameter: id");
        }

        var segment = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var segmentId) ? population.FindSegment(segmentId) : null;
        if (segment is null)
        {
            return Error(StatusCodes.Status400BadRequest, 5042, "Segment not found");
        }

        if (segment.Members is null)
        {
            // The reference documents 400 with code 2001 for connector segments (the error table says 500 for 2001 in general).
            return Error(StatusCodes.Status400BadRequest, 2001, "Users of a CONNECTORS_SEGMENT cannot be listed");
        }

        var max = DefaultPageSize;
        var maxText = query["max"].ToString();
        if (maxText.Length > 0)
        {
            if (!int.TryParse(maxText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out max))
            {
                return Error(StatusCodes.Status400BadRequest, 2004, "Field 'max' should be a number");
            }

            // Documented range is 100..1000: smaller asks get the minimum page, larger ones the maximum.
            max = Math.Clamp(max, DefaultPageSize, MaxPageSize);
        }

        var offset = 0;
        var offsetText = query["offset"].ToString();
        if (offsetText.Length > 0 && !SegmentPageToken.TryDecode(offsetText, segment.Id, out offset))
        {
            return Error(StatusCodes.Status400BadRequest, 2004, "Field 'offset' is not a valid page token");
        }

        var page = segment.Members.Skip(offset).Take(max)
            .Select(u => new SegmentMember(u.ExtId, u.Msisdn, u.Email))
            .ToArray();
        var nextOffset = offset + page.Length;
        string? nextPage = null;
        if (nextOffset < segment.Members.Count)
        {
            // Absolute, on whichever host served this request, as Netmera's nextPage is.
            var request = context.Request;
            nextPage = string.Create(
                CultureInfo.InvariantCulture,
                $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}getSegmentUsers?id={segment.Id}&max={max}&offset={SegmentPageToken.Encode(segment.Id, nextOffset)}");
        }

        return Results.Json(new SegmentUsersPage(segment.Name, page, nextPage), NetmeraWire.Json);
    }

    private static IResult GetProfileAttributes(HttpContext context, NetmeraPopulation population)
    {
        var extId = context.Request.Query["extId"].ToString();
        if (string.IsNullOrWhiteSpace(extId))
        {
            return Error(StatusCodes.Status400BadRequest, 2020, "Missing required parameter: extId");
        }

        if (!population.ByExtId.TryGetValue(extId, out var user))
        {
            return Error(StatusCodes.Status400BadRequest, 5016, "The external id is not found in the current application");
        }

        return Results.Json(new JsonObject { ["extId"] = extId, ["profile"] = Profile(user) }, NetmeraWire.Json);
    }

    /// <summary>Readable attribute names, empty ones omitted, numbers sometimes held as text.</summary>
    private static JsonObject Profile(SourceUser user)
    {
        var profile = new JsonObject();
        Add(profile, "name", user.Name);
        Add(profile, "surname", user.Surname);
        Add(profile, "email", user.Email);
        Add(profile, "msisdn", user.Msisdn);
        Add(profile, "gender", user.Gender);
        Add(profile, "dateOfBirth", user.DateOfBirth);
        Add(profile, "city", user.City);
        Add(profile, "country", user.Country);
        Add(profile, "language", user.Language);
        Add(profile, "isSubscribed", user.IsSubscribed);
        if (user.LoyaltyPoints is { } points)
        {
            profile["loyaltyPoints"] = points.StoredAsText
                ? JsonValue.Create(points.Value.ToString(CultureInfo.InvariantCulture))
                : JsonValue.Create(points.Value);
        }

        Add(profile, "signupDate", user.SignupDate);
        if (user.FavoriteCategories.Count > 0)
        {
            profile["favoriteCategories"] = new JsonArray(user.FavoriteCategories.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        return profile;
    }

    private static void Add<T>(JsonObject profile, string code, T? value)
    {
        if (value is not null)
        {
            profile[code] = JsonSerializer.SerializeToNode(value, NetmeraWire.Json);
        }
    }

    private static IResult GetDevices(HttpContext context, NetmeraPopulation population)
    {
        var query = context.Request.Query;
        var extId = query["extId"].ToString();
        if (string.IsNullOrWhiteSpace(extId))
        {
            return Error(StatusCodes.Status400BadRequest, 2020, "Missing required parameter: extId");
        }

        var onlyPermitted = false;
        var filter = query["pushPermitted"].ToString();
        if (filter.Length > 0 && !bool.TryParse(filter, out onlyPermitted))
        {
            return Error(StatusCodes.Status400BadRequest, 2004, "Field 'pushPermitted' should be a boolean");
        }

        // An unknown user is not an error here: the reference says 200 with no devices.
        var devices = population.ByExtId.TryGetValue(extId, out var user)
            ? user.Devices.Where(d => !onlyPermitted || d.PushPermitted).Select(ToItem).ToArray()
            : [];
        return Results.Json(new DevicesResponse(extId, devices), NetmeraWire.Json);
    }

    private static DeviceItem ToItem(SourceDevice device) =>
        new(device.Platform, device.Token, device.DeviceModel, device.PushPermitted, device.InstallationId);

    private static IResult ProfileAttributeDefinitions() => Results.Json(
        new AttributeDefinitions(
            [
                new("name", "Name", "STRING"),
                new("surname", "Surname", "STRING"),
                new("gender", "Gender", "INTEGER"),
                new("dateOfBirth", "Date of Birth", "DATE"),
                new("city", "City", "STRING"),
                new("country", "Country", "STRING"),
                new("language", "Language", "STRING"),
            ],
            [
                new("isSubscribed", "Is Subscribed", "BOOLEAN"),
                new("loyaltyPoints", "Loyalty Points", "DOUBLE"),
                new("signupDate", "Signup Date", "DATE"),
                new("favoriteCategories", "Favorite Categories", "STRING", IsArray: true),
            ]),
        NetmeraWire.Json);

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new NetmeraError(code, message), NetmeraWire.Json, statusCode: status);

    private static async Task WriteProblem(HttpContext context)
    {
        var status = context.Response.StatusCode is >= 400 and < 600 ? context.Response.StatusCode : StatusCodes.Status404NotFound;
        var problem = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = ReasonPhrases.GetReasonPhrase(status),
            ["status"] = status,
            ["detail"] = status switch
            {
                StatusCodes.Status404NotFound => $"No endpoint {context.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"Method {context.Request.Method} is not supported for {context.Request.Path}",
                _ => "The request could not be processed",
            },
            ["instance"] = context.Request.Path.Value,
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync(problem.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
