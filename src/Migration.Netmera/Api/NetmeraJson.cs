using System.Text.Json;

namespace Migration.Netmera;

/// <summary>Netmera speaks camelCase JSON.</summary>
public static class NetmeraJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
