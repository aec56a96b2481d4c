using System.Text.Json;
using System.Text.Json.Serialization;

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
/// A device. The spec says <c>token</c>, the newer reference <c>deviceToken</c>: both are accepted.
/// </summary>
public sealed record NetmeraDevice(
    string? Platform,
    string? Token,
    string? DeviceToken,
    string? DeviceModel,
    bool? PushPermitted,
    string? InstallationId)
{
    [JsonIgnore]
    public string? AnyToken => Token ?? DeviceToken;
}

public sealed record NetmeraProfileAttributeDefinitions(
    IReadOnlyList<NetmeraAttributeDefinition>? StandardProfileAttributes,
    IReadOnlyList<NetmeraAttributeDefinition>? CustomProfileAttributes);

public sealed record NetmeraAttributeDefinition(string? Code, string? Name, string? DataType, bool? IsArray);

/// <summary>Netmera's application error body: <c>{"code": 2010, "error": "..."}</c>.</summary>
public sealed record NetmeraErrorBody(int? Code, string? Error);
