using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.Pipedrive;

/// <summary>
/// Pipedrive speaks snake_case. Dictionary keys (custom field codes) are left as they are, and null
/// members are omitted so a create never clears what it did not mean to touch.
/// </summary>
public static class PipedriveJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Bodies go to an API, not into HTML: send names as UTF-8 rather than \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
