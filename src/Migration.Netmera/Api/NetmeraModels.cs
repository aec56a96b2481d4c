using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Migration.Domain.Source;

namespace Migration.Netmera;

public sealed record NetmeraSegmentList(IReadOnlyList<NetmeraSegment>? List);

public sealed record NetmeraSegment(long Id, string? Name, long? UserCount, string? Type)
{
    /// <summary>Only STANDARD-like segments can be listed; connector segments answer 2001.</summary>
    public bool IsListable => !string.Equals(Type, "CONNECTORS_SEGMENT", StringComparison.Ordinal);
}

public sealed record NetmeraSegmentUsersPage(string? Name, IReadOnlyList<NetmeraSegmentMember>? List, string? NextPage);

/// <summary>A segment member. Netmera names the key <c>externalId</c> here and <c>extId</c> elsewhere.</summary>
public sealed record NetmeraSegmentMember(string? ExternalId, string? Msisdn, string? Email);

public sealed record NetmeraProfileResponse(string? ExtId, IReadOnlyDictionary<string, JsonElement>? Profile);

public sealed record NetmeraDevicesResponse(string? ExtId, IReadOnlyList<NetmeraDevice>? Devices);

/// <summary>
/// A device (installation). The spec says <c>token</c>, the newer reference <c>deviceToken</c>: both
/// are accepted. <c>extId</c> and <c>installationId</c> come with <c>getDeviceTokens</c> per the
/// newer reference (extId omitted when the installation is not linked to a user).
/// </summary>
public sealed record NetmeraDevice(
    string? Platform,
    string? Token,
    string? DeviceToken,
    string? DeviceModel,
    bool? PushPermitted,
    string? InstallationId,
    [property: JsonConverter(typeof(NetmeraTextConverter))] string? ExtId = null)
{
    [JsonIgnore]
    public string? AnyToken => string.IsNullOrEmpty(Token) ? (string.IsNullOrEmpty(DeviceToken) ? null : DeviceToken) : Token;

    public SourceDevice ToSourceDevice() => new()
    {
        Platform = Platform,
        Token = AnyToken,
        DeviceModel = DeviceModel,
        PushPermitted = PushPermitted,
        InstallationId = InstallationId,
    };
}

/// <summary>
/// One page of <c>getDeviceTokens</c>. <see cref="Total"/> is an estimate, and the order is not
/// guaranteed (newer reference).
/// </summary>
public sealed record NetmeraDeviceTokensPage(string? NextPage, long? Total, IReadOnlyList<NetmeraDevice>? Devices);

public sealed record NetmeraProfileAttributeDefinitions(
    IReadOnlyList<NetmeraAttributeDefinition>? StandardProfileAttributes,
    IReadOnlyList<NetmeraAttributeDefinition>? CustomProfileAttributes);

public sealed record NetmeraAttributeDefinition(string? Code, string? Name, string? DataType, bool? IsArray);

/// <summary><c>app/events</c>: <c>{"standardEvents":[…], "customEvents":[…]}</c>.</summary>
public sealed record NetmeraEventDefinitions(
    IReadOnlyList<NetmeraEventDefinition>? StandardEvents,
    IReadOnlyList<NetmeraEventDefinition>? CustomEvents);

/// <summary>
/// An event definition. Netmera does not publish the item schema (netmera-api.md §3.1), so the
/// names are read loosely: <c>code</c> or <c>eventCode</c>, <c>name</c> or <c>label</c>, and
/// <c>attributes</c> as a list of names or of objects with a <c>code</c>/<c>name</c>, or as an
/// object keyed by attribute name.
/// </summary>
public sealed record NetmeraEventDefinition(string? Code, string? EventCode, string? Name, string? Label, JsonElement? Attributes)
{
    [JsonIgnore]
    public string? AnyCode => Code ?? EventCode;

    public IReadOnlyList<string> AttributeNames()
    {
        if (Attributes is not { } attributes)
            return [];
        var names = new List<string>();
        switch (attributes.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in attributes.EnumerateArray())
                {
                    var name = item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString(),
                        JsonValueKind.Object => Text(item, "code") ?? Text(item, "name") ?? Text(item, "attributeName"),
                        _ => null,
                    };
                    if (!string.IsNullOrWhiteSpace(name))
                        names.Add(name);
                }
                break;
            case JsonValueKind.Object:
                names.AddRange(attributes.EnumerateObject().Select(p => p.Name));
                break;
        }
        return names;

        static string? Text(JsonElement item, string property) =>
            item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}

/// <summary><c>getPushStats</c> for one notification, and one item of the date-range form.</summary>
public sealed record NetmeraPushStats(
    [property: JsonConverter(typeof(NetmeraTextConverter))] string? NotificationKey,
    string? Status,
    long? StartDate,
    long? EndDate,
    IReadOnlyList<NetmeraPlatformStats>? Stats)
{
    public SourceCampaign? ToSourceCampaign() => string.IsNullOrEmpty(NotificationKey)
        ? null
        : new SourceCampaign
        {
            Key = NotificationKey,
            Status = Status,
            Start = NetmeraTime.FromEpochMilliseconds(StartDate),
            End = NetmeraTime.FromEpochMilliseconds(EndDate),
            Stats = (Stats ?? []).Select(s => new CampaignPlatformStats(s.Platform ?? "UNKNOWN", s.Sent ?? 0, s.Failed ?? 0, s.Clicked ?? 0)).ToList(),
        };
}

public sealed record NetmeraPlatformStats(string? Platform, long? Sent, long? Failed, long? Clicked);

/// <summary><c>getPushStats?start=&amp;end=</c>: <c>{"messages":[…]}</c>.</summary>
public sealed record NetmeraPushStatsList(IReadOnlyList<NetmeraPushStats>? Messages);

public sealed record NetmeraPushResultsResponse(string? NextPage, IReadOnlyList<NetmeraPushResult>? List);

/// <summary>
/// One delivery row of <c>getPushResult</c>. The spec and netmera4j name the error text
/// <c>errorMsg</c>, the newer reference <c>errorMessage</c>: both are accepted. Codes and keys may come
/// as numbers or text.
/// </summary>
public sealed record NetmeraPushResult(
    string? Platform,
    string? Status,
    [property: JsonConverter(typeof(NetmeraTextConverter))] string? ErrorCode,
    string? ErrorMsg,
    string? ErrorMessage,
    string? InstallationId,
    [property: JsonConverter(typeof(NetmeraTextConverter))] string? ExtId,
    long? TimeStamp,
    string? MsgTitle,
    string? MsgText,
    [property: JsonConverter(typeof(NetmeraTextConverter))] string? NotificationKey = null)
{
    [JsonIgnore]
    public string? AnyError => string.IsNullOrEmpty(ErrorMsg) ? (string.IsNullOrEmpty(ErrorMessage) ? null : ErrorMessage) : ErrorMsg;

    /// <summary>
    /// The row as a delivery record, or null when it has no time or status (nothing a touchpoint could
    /// be dated by). The key is the row's own when Netmera sends one, else the key that was queried,
    /// else empty (a per-user query whose rows do not name their message).
    /// </summary>
    public SourcePushResult? ToSourcePushResult(string? queriedKey)
    {
        if (TimeStamp is not { } ms || NetmeraTime.FromEpochMilliseconds(ms) is not { } at || string.IsNullOrWhiteSpace(Status))
            return null;
        return new SourcePushResult(NotificationKey ?? queriedKey ?? string.Empty, ExtId, InstallationId, Platform, Status!, at, AnyError)
        {
            ErrorCode = ErrorCode,
            Title = MsgTitle,
        };
    }
}

/// <summary>
/// One page of delivery rows as records, the count of rows that could not be read as records (no time
/// or status), and the next page to follow.
/// </summary>
public sealed record NetmeraPushResultsPage(IReadOnlyList<SourcePushResult> Results, int Unusable, string? NextPage);

/// <summary>What <c>getPushResult</c> is asked for: at least one of key, user or token.</summary>
public sealed record NetmeraPushResultQuery
{
    public string? NotificationKey { get; init; }
    public string? ExtId { get; init; }
    public string? Token { get; init; }

    /// <summary>Without a range Netmera returns the last two weeks.</summary>
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }

    public static NetmeraPushResultQuery ForUser(string extId, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new() { ExtId = extId, Start = start, End = end };

    public static NetmeraPushResultQuery ForNotification(string notificationKey, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new() { NotificationKey = notificationKey, Start = start, End = end };
}

/// <summary><c>targeting/count</c>: <c>{"target": {...}}</c>.</summary>
public sealed record NetmeraCountRequest(JsonObject Target);

public sealed record NetmeraCountResponse(long? Count);

/// <summary><c>targeting/count-batch</c>; <c>buckets</c> sits inside <c>groupBy</c>, as the spec's schema and example have it.</summary>
public sealed record NetmeraCountBatchRequest(
    NetmeraGroupBy GroupBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Values);

/// <summary>Exactly one of <see cref="Profile"/> or <see cref="Installation"/>.</summary>
public sealed record NetmeraGroupBy(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Profile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Installation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<double>>? Buckets = null)
{
    public static NetmeraGroupBy ByProfile(string code) => new(code, null);

    public static NetmeraGroupBy ByInstallation(string attribute) => new(null, attribute);

    /// <summary>Numeric profile attribute counted per <c>[min, max]</c> bucket.</summary>
    public static NetmeraGroupBy ByBuckets(string code, IEnumerable<(double Min, double Max)> buckets) =>
        new(code, null, buckets.Select(b => (IReadOnlyList<double>)[b.Min, b.Max]).ToList());
}

public sealed record NetmeraCountBatchResponse(IReadOnlyDictionary<string, long>? Counts);

/// <summary>Netmera's application error body: <c>{"code": 2010, "error": "..."}</c>.</summary>
public sealed record NetmeraErrorBody(int? Code, string? Error);

/// <summary>Reads a JSON string or number as text: Netmera sends ids and codes either way.</summary>
public sealed class NetmeraTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException($"Expected text or a number, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
            writer.WriteNullValue();
        else
            writer.WriteStringValue(value);
    }
}

/// <summary>Netmera's read APIs speak epoch milliseconds.</summary>
public static class NetmeraTime
{
    public static DateTimeOffset? FromEpochMilliseconds(long? milliseconds) =>
        milliseconds is { } ms && ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public static long ToEpochMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
