using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.Sandbox.Netmera;

/// <summary>Netmera's response bodies (camelCase, empty fields omitted, as the REST reference says).</summary>
internal static class NetmeraWire
{
    public static readonly JsonSerializerOptions Json = Frozen(new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Admin views keep nulls: a missing email is part of the ground truth.</summary>
    public static readonly JsonSerializerOptions AdminJson = Frozen(new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // Read-only from the start, so the shared options cannot be changed by anyone after startup.
    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

internal sealed record NetmeraError(int Code, string Error);

internal sealed record SegmentItem(
    int Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? UserCount, // null for connector segments, per the reference
    string Type);

internal sealed record SegmentList(IReadOnlyList<SegmentItem> List);

internal sealed record SegmentMember(string ExternalId, string? Msisdn, string? Email);

internal sealed record SegmentUsersPage(string Name, IReadOnlyList<SegmentMember> List, string? NextPage);

internal sealed record DeviceItem(string Platform, string Token, string DeviceModel, bool PushPermitted, string InstallationId);

internal sealed record DevicesResponse(string ExtId, IReadOnlyList<DeviceItem> Devices);

internal sealed record AttributeDefinition(string Code, string Name, string DataType, bool? IsArray = null);

internal sealed record AttributeDefinitions(
    IReadOnlyList<AttributeDefinition> StandardProfileAttributes,
    IReadOnlyList<AttributeDefinition> CustomProfileAttributes);

internal sealed record NetmeraStats(int Users, long Requests, IReadOnlyDictionary<string, long> RequestsByOperation, DateTimeOffset Now, DateTimeOffset AsOf);

internal sealed record AdminUser(string ExtId, string? Name, string? Surname, string? Email, string? Msisdn, IReadOnlyList<DeviceItem> Devices);

/// <summary>
/// One getDeviceTokens item in either documented shape; absent members are omitted (extId when not linked,
/// deviceToken/token when blank).
/// </summary>
internal sealed record DeviceTokenItem(
    string? InstallationId,
    string Platform,
    string? ExtId,
    string? DeviceToken,
    string? Token,
    string? DeviceModel,
    bool? PushPermitted)
{
    public static DeviceTokenItem Reference(NetmeraInstallation installation) => new(
        installation.Device.InstallationId,
        installation.Device.Platform,
        installation.ExtId,
        Blank(installation.Device.Token),
        null,
        null,
        null);

    public static DeviceTokenItem Spec(NetmeraInstallation installation) => new(
        installation.Device.InstallationId,
        installation.Device.Platform,
        installation.ExtId,
        null,
        Blank(installation.Device.Token),
        installation.Device.DeviceModel,
        installation.Device.PushPermitted);

    private static string? Blank(string token) => token.Length == 0 ? null : token;
}

internal sealed record DeviceTokensPage(string? NextPage, long Total, IReadOnlyList<DeviceTokenItem> Devices);

internal sealed record EventDefinition(string Code, string Name, IReadOnlyList<AttributeDefinition> Attributes);

internal sealed record EventDefinitions(IReadOnlyList<EventDefinition> StandardEvents, IReadOnlyList<EventDefinition> CustomEvents);

internal sealed record PlatformStats(string Platform, int Sent, int Failed, int Clicked);

internal sealed record PushStats(int NotificationKey, string Status, long? StartDate, long? EndDate, IReadOnlyList<PlatformStats> Stats);

internal sealed record PushStatsList(IReadOnlyList<PushStats> Messages);

internal sealed record PushResultItem(
    string Platform,
    string Status,
    string? ErrorCode,
    string? ErrorMsg,
    string? InstallationId,
    string? ExtId,
    long TimeStamp,
    string? MsgTitle,
    string? MsgText);

internal sealed record PushResultPage(string? NextPage, IReadOnlyList<PushResultItem> List);

internal sealed record CountResponse(long Count);

internal sealed record CountBatchResponse(IReadOnlyDictionary<string, long> Counts);
