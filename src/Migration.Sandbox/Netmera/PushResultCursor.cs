using System.Buffers.Text;
using System.Text.Json;

namespace Migration.Sandbox.Netmera;

/// <summary>
/// getPushResult's opaque <c>offset</c>. Netmera's nextPage carries only <c>offset</c> and <c>max</c>, so the token holds
/// the whole query (filters and window) as well as the position: the user, the campaign and the row within them.
/// </summary>
internal sealed record PushResultCursor(int? NotificationKey, string? ExtId, string? Token, long Start, long End, int User, int Campaign, int Row)
{
    private const string Version = "pr1";

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(
        new object?[] { Version, NotificationKey, ExtId, Token, Start, End, User, Campaign, Row }));

    public static PushResultCursor? Decode(string token)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<JsonElement[]>(Base64Url.DecodeFromChars(token));
            if (parts is not { Length: 9 } || parts[0].ValueKind != JsonValueKind.String || parts[0].GetString() != Version)
            {
                return null;
            }

            var cursor = new PushResultCursor(
                parts[1].ValueKind == JsonValueKind.Null ? null : parts[1].GetInt32(),
                parts[2].ValueKind == JsonValueKind.Null ? null : parts[2].GetString(),
                parts[3].ValueKind == JsonValueKind.Null ? null : parts[3].GetString(),
                parts[4].GetInt64(),
                parts[5].GetInt64(),
                parts[6].GetInt32(),
                parts[7].GetInt32(),
                parts[8].GetInt32());
            return cursor is { User: >= 0, Campaign: >= 0, Row: >= 0 } ? cursor : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
