using System.Globalization;
using System.Text.Json;
using Migration.Sandbox.Dataset;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Netmera;

/// <summary>
/// targeting/count and targeting/count-batch: distinct user counts by profile attribute (and by installation platform
/// for count-batch), computed over the live population (Netmera's 2–3 hour staleness is not simulated).
/// </summary>
internal static class NetmeraTargetingEndpoints
{
    public static void MapTargeting(this WebApplication app, NetmeraPopulation population)
    {
        app.MapOperation("POST", NetmeraEndpoints.Prefix, "targeting/count", "targetingCount",
            async (HttpContext context) => await Count(context, population).ConfigureAwait(false));
        app.MapOperation("POST", NetmeraEndpoints.Prefix, "targeting/count-batch", "targetingCountBatch",
            async (HttpContext context) => await CountBatch(context, population).ConfigureAwait(false));
    }

    private sealed record Condition(string Code, IReadOnlySet<string>? AnyOf, bool? Exists);

    private static async Task<IResult> Count(HttpContext context, NetmeraPopulation population)
    {
        if (await ReadBody(context).ConfigureAwait(false) is not { } body)
        {
            return InvalidJson();
        }

        using (body)
        {
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("target", out var target))
            {
                return NetmeraReply.Missing("target");
            }

            if (target.ValueKind != JsonValueKind.Object)
            {
                return NetmeraReply.BadRequest(2004, "Field 'target' should be an object");
            }

            var conditions = new List<Condition>();
            foreach (var member in target.EnumerateObject())
            {
                // The spec: "Only User Profile Attribute–based targeting is supported."
                if (member.Name != "profile")
                {
                    return NetmeraReply.BadRequest(2004, $"Targeting by '{member.Name}' is not supported here; only 'profile' is");
                }

                if (member.Value.ValueKind != JsonValueKind.Object)
                {
                    return NetmeraReply.BadRequest(2004, "Field 'profile' should be an object");
                }

                foreach (var attribute in member.Value.EnumerateObject())
                {
                    if (ParseCondition(attribute) is not { } condition)
                    {
                        return NetmeraReply.BadRequest(2004, $"Profile condition on '{attribute.Name}' is not a value, an array of values or {{\"$exists\": bool}}");
                    }

                    if (!NetmeraProfile.TargetableCodes.Contains(condition.Code))
                    {
                        return NetmeraReply.BadRequest(2004, $"Profile attribute '{condition.Code}' is not defined");
                    }

                    conditions.Add(condition);
                }
            }

            // No condition at all is everyone: the full population count a migration compares against.
            var count = population.Users.LongCount(user => conditions.All(c => Matches(user, c)));
            return Results.Json(new CountResponse(count), NetmeraWire.Json);
        }
    }

    private static Condition? ParseCondition(JsonProperty attribute)
    {
        var value = attribute.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var values = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in value.EnumerateArray())
                {
                    if (NetmeraProfile.Comparable(item) is not { } text)
                    {
                        return null;
                    }

                    values.Add(text);
                }

                return new Condition(attribute.Name, values, null);

            case JsonValueKind.Object:
                var members = value.EnumerateObject().ToList();
                return members is [{ Name: "$exists", Value.ValueKind: JsonValueKind.True or JsonValueKind.False } exists]
                    ? new Condition(attribute.Name, null, exists.Value.GetBoolean())
                    : null;

            default:
                return NetmeraProfile.Comparable(value) is { } single ? new Condition(attribute.Name, new HashSet<string>(StringComparer.Ordinal) { single }, null) : null;
        }
    }

    private static bool Matches(SourceUser user, Condition condition)
    {
        var values = NetmeraProfile.Values(user, condition.Code);
        return condition.Exists is { } exists ? values.Any() == exists : values.Any(condition.AnyOf!.Contains);
    }

    private static async Task<IResult> CountBatch(HttpContext context, NetmeraPopulation population)
    {
        if (await ReadBody(context).ConfigureAwait(false) is not { } body)
        {
            return InvalidJson();
        }

        using (body)
        {
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("groupBy", out var groupBy) || groupBy.ValueKind != JsonValueKind.Object)
            {
                return NetmeraReply.Missing("groupBy");
            }

            var profile = groupBy.TryGetProperty("profile", out var p) ? p : default;
            var installation = groupBy.TryGetProperty("installation", out var i) ? i : default;
            if (profile.ValueKind == JsonValueKind.Undefined && installation.ValueKind == JsonValueKind.Undefined)
            {
                return NetmeraReply.Missing("groupBy.profile or groupBy.installation");
            }

            if (profile.ValueKind != JsonValueKind.Undefined && installation.ValueKind != JsonValueKind.Undefined)
            {
                return NetmeraReply.BadRequest(2004, "Set exactly one of groupBy.profile and groupBy.installation");
            }

            HashSet<string>? only = null;
            if (root.TryGetProperty("values", out var values))
            {
                if (values.ValueKind != JsonValueKind.Array || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                {
                    return NetmeraReply.BadRequest(2004, "Field 'values' should be an array of strings");
                }

                only = values.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
            }

            // The spec puts buckets inside groupBy; netmera-api.md §3.6 shows them beside it. Both are read.
            var bucketsElement = groupBy.TryGetProperty("buckets", out var inside) ? inside : root.TryGetProperty("buckets", out var beside) ? beside : default;
            if (!TryBuckets(bucketsElement, out var buckets))
            {
                return NetmeraReply.BadRequest(2004, "Field 'buckets' should be an array of [min, max] number pairs");
            }

            Func<SourceUser, IEnumerable<string>> valuesOf;
            if (profile.ValueKind != JsonValueKind.Undefined)
            {
                var code = profile.ValueKind == JsonValueKind.String ? profile.GetString()! : string.Empty;
                if (!NetmeraProfile.TargetableCodes.Contains(code))
                {
                    return NetmeraReply.BadRequest(2004, $"Profile attribute '{code}' is not defined");
                }

                valuesOf = user => NetmeraProfile.Values(user, code);
            }
            else
            {
                if (installation.ValueKind != JsonValueKind.String || installation.GetString() != "platform")
                {
                    return NetmeraReply.BadRequest(2004, "Only groupBy.installation 'platform' is supported");
                }

                // Users with at least one installed device on the platform; uninstalled and anonymous ones are not users' reach.
                valuesOf = user => user.Devices.Select(d => d.Platform);
            }

            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var user in population.Users)
            {
                var keys = buckets is null
                    ? valuesOf(user)
                    : valuesOf(user).SelectMany(v => buckets.Where(b => InBucket(v, b)).Select(b => b.Key));
                foreach (var key in keys.Distinct(StringComparer.Ordinal))
                {
                    if (only is null || only.Contains(key))
                    {
                        counts[key] = counts.GetValueOrDefault(key) + 1;
                    }
                }
            }

            if (only is not null)
            {
                // Asked-for values with no users are answered with 0 rather than left out.
                foreach (var value in only)
                {
                    counts.TryAdd(value, 0);
                }
            }

            return Results.Json(new CountBatchResponse(counts), NetmeraWire.Json);
        }
    }

    private sealed record Bucket(decimal Min, decimal Max)
    {
        public string Key => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
    }

    private static bool TryBuckets(JsonElement element, out IReadOnlyList<Bucket>? buckets)
    {
        buckets = null;
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var list = new List<Bucket>();
        foreach (var pair in element.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                || pair[0].ValueKind != JsonValueKind.Number || pair[1].ValueKind != JsonValueKind.Number
                || !pair[0].TryGetDecimal(out var min) || !pair[1].TryGetDecimal(out var max))
            {
                return false;
            }

            list.Add(new Bucket(min, max));
        }

        buckets = list;
        return true;
    }

    // Both ends inclusive. Numbers stored as text count as the number they spell, as targeting/count treats them.
    private static bool InBucket(string value, Bucket bucket) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= bucket.Min && number <= bucket.Max;

    private static IResult InvalidJson() => NetmeraReply.BadRequest(2009, "Invalid JSON");

    private static async Task<JsonDocument?> ReadBody(HttpContext context)
    {
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
