using System.Globalization;
using System.Text.Json.Nodes;
using Migration.Sandbox.Dataset;
using Microsoft.AspNetCore.WebUtilities;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Netmera;

/// <summary>The Netmera REST read surface (<c>/rest/3.0/</c>): definitions, segments, users and devices.</summary>
internal static class NetmeraEndpoints
{
    public const string Prefix = "/rest/3.0/";

    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    private const int DefaultDeviceTokenPage = 10;

    public static void MapNetmera(this WebApplication app, NetmeraPopulation population, TimeProvider clock, DeviceTokenItemShape deviceTokenItems)
    {
        app.MapOperation("GET", Prefix, "getSegments", "getSegments", () => GetSegments(population));
        app.MapOperation("GET", Prefix, "getSegmentUsers", "getSegmentUsers", (HttpContext context) => GetSegmentUsers(context, population));
        app.MapOperation("GET", Prefix, "getProfileAttributes", "getProfileAttributes", (HttpContext context) => GetProfileAttributes(context, population));
        app.MapOperation("GET", Prefix, "getDevices", "getDevices", (HttpContext context) => GetDevices(context, population));
        app.MapOperation("GET", Prefix, "getDeviceTokens", "getDeviceTokens", (HttpContext context) => GetDeviceTokens(context, population, deviceTokenItems));
        app.MapOperation("GET", Prefix, "app/profile-attributes", "listProfileAttributeDefinitions", () => ProfileAttributeDefinitions());
        app.MapOperation("GET", Prefix, "app/events", "listEventDefinitions", () => EventDefinitions(population));
        app.MapPushStatistics(population, clock);
        app.MapTargeting(population);
    }

    private static IResult GetSegments(NetmeraPopulation population) =>
        Results.Json(new SegmentList(population.Segments.Select(s => new SegmentItem(s.Id, s.Name, s.UserCount, s.Type)).ToArray()), NetmeraWire.Json);

    private static IResult GetSegmentUsers(HttpContext context, NetmeraPopulation population)
    {
        var query = context.Request.Query;
        var id = query["id"].ToString();
        if (string.IsNullOrWhiteSpace(id))
        {
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 2020, "Missing required parameter: id");
        }

        var segment = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var segmentId) ? population.FindSegment(segmentId) : null;
        if (segment is null)
        {
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 5042, "Segment not found");
        }

        if (segment.Members is null)
        {
            // The reference documents 400 with code 2001 for connector segments (the error table says 500 for 2001 in general).
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 2001, "Users of a CONNECTORS_SEGMENT cannot be listed");
        }

        var max = DefaultPageSize;
        var maxText = query["max"].ToString();
        if (maxText.Length > 0)
        {
            if (!int.TryParse(maxText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out max))
            {
                return NetmeraReply.Error(StatusCodes.Status400BadRequest, 2004, "Field 'max' should be a number");
            }

            // Documented range is 100..1000: smaller asks get the minimum page, larger ones the maximum.
            max = Math.Clamp(max, DefaultPageSize, MaxPageSize);
        }

        var offset = 0;
        var offsetText = query["offset"].ToString();
        if (offsetText.Length > 0 && !SegmentPageToken.TryDecode(offsetText, segment.Id, out offset))
        {
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 2004, "Field 'offset' is not a valid page token");
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
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 2020, "Missing required parameter: extId");
        }

        if (!population.ByExtId.TryGetValue(extId, out var user))
        {
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 5016, "The external id is not found in the current application");
        }

        return Results.Json(new JsonObject { ["extId"] = extId, ["profile"] = NetmeraProfile.Json(user) }, NetmeraWire.Json);
    }

    private static IResult GetDevices(HttpContext context, NetmeraPopulation population)
    {
        var query = context.Request.Query;
        var extId = query["extId"].ToString();
        if (string.IsNullOrWhiteSpace(extId))
        {
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 2020, "Missing required parameter: extId");
        }

        var onlyPermitted = false;
        var filter = query["pushPermitted"].ToString();
        if (filter.Length > 0 && !bool.TryParse(filter, out onlyPermitted))
        {
            return NetmeraReply.Error(StatusCodes.Status400BadRequest, 2004, "Field 'pushPermitted' should be a boolean");
        }

        // An unknown user is not an error here: the reference says 200 with no devices.
        var devices = population.ByExtId.TryGetValue(extId, out var user)
            ? user.Devices.Where(d => !onlyPermitted || d.PushPermitted).Select(ToItem).ToArray()
            : [];
        return Results.Json(new DevicesResponse(extId, devices), NetmeraWire.Json);
    }

    public static DeviceItem ToItem(SourceDevice device) =>
        new(device.Platform, device.Token, device.DeviceModel, device.PushPermitted, device.InstallationId);

    /// <summary>
    /// Every installation, uninstalled and unidentified ones included, in no particular order (the reference's words),
    /// paged by a plain numeric offset as the spec's nextPage example shows. <c>total</c> is an estimate: two
    /// significant digits of the true count.
    /// </summary>
    private static IResult GetDeviceTokens(HttpContext context, NetmeraPopulation population, DeviceTokenItemShape shape)
    {
        if (!NetmeraReply.TryInteger(context.Request, "max", out var maxAsked, out var error)
            || !NetmeraReply.TryInteger(context.Request, "offset", out var offsetAsked, out error))
        {
            return error!;
        }

        if (offsetAsked < 0)
        {
            return NetmeraReply.BadRequest(2004, "Field 'offset' should not be negative");
        }

        // Netmera documents no bounds; this simulator takes 1..1000 and clamps anything else into it.
        var max = (int)Math.Clamp(maxAsked ?? DefaultDeviceTokenPage, 1, MaxPageSize);
        var offset = (int)Math.Min(offsetAsked ?? 0, population.Installations.Count);
        var page = population.Installations.Skip(offset).Take(max)
            .Select(i => shape == DeviceTokenItemShape.Reference ? DeviceTokenItem.Reference(i) : DeviceTokenItem.Spec(i))
            .ToArray();
        var next = offset + page.Length;
        var nextPage = next < population.Installations.Count
            ? NetmeraReply.NextPage(context.Request, "getDeviceTokens", string.Create(CultureInfo.InvariantCulture, $"offset={next}&max={max}"))
            : null;
        return Results.Json(new DeviceTokensPage(nextPage, Estimate(population.Installations.Count), page), NetmeraWire.Json);
    }

    private static long Estimate(int count)
    {
        if (count < 100)
        {
            return count;
        }

        var magnitude = (long)Math.Pow(10, Math.Floor(Math.Log10(count)) - 1);
        return (long)Math.Round(count / (double)magnitude, MidpointRounding.AwayFromZero) * magnitude;
    }

    private static IResult ProfileAttributeDefinitions() => Results.Json(
        new AttributeDefinitions(NetmeraProfile.Standard, NetmeraProfile.Custom),
        NetmeraWire.Json);

    /// <summary>Not in the OpenAPI file; the reference names the two lists, and each definition carries its attributes.</summary>
    private static IResult EventDefinitions(NetmeraPopulation population)
    {
        static EventDefinition ToDefinition(SourceEventDefinition e) =>
            new(e.Code, e.Name, e.Attributes.Select(a => new AttributeDefinition(a.Code, a.Name, a.DataType)).ToArray());
        return Results.Json(
            new EventDefinitions(
                population.Catalog.Events.Where(e => e.IsStandard).Select(ToDefinition).ToArray(),
                population.Catalog.Events.Where(e => !e.IsStandard).Select(ToDefinition).ToArray()),
            NetmeraWire.Json);
    }

    public static async Task WriteProblem(HttpContext context)
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
