using System.Text.Json;

namespace Migration.Storage;

/// <summary>JSON for what storage keeps (plans, staged records, reports): camelCase, readable by people.</summary>
public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
