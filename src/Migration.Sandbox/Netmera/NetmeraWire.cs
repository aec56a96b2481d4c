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

internal sealed record NetmeraStats(int Users, long Requests);

internal sealed record AdminUser(string ExtId, string? Name, string? Surname, string? Email, string? Msisdn, IReadOnlyList<DeviceItem> Devices);
