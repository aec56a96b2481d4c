using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// Opaque v2 cursors: base64url JSON naming the first item of the next page, shaped like Pipedrive's own
/// (<c>{"field":"id","fieldValue":7,"sortDirection":"asc","id":7}</c>). Keyset, so inserts between pages
/// neither skip nor repeat items.
/// </summary>
internal static class PipedriveCursor
{
    public static string Encode(JsonObject position) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    public static JsonObject Decode(string cursor)
    {
        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(cursor)) as JsonObject
                ?? throw RequestRejected.BadRequest("cursor is not valid");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw RequestRejected.BadRequest("cursor is not valid");
        }
    }

    /// <summary>An offset cursor, for lists whose order is not a key (fields, search results).</summary>
    public static string EncodeOffset(string scope, int offset) =>
        Encode(new JsonObject { ["scope"] = scope, ["offset"] = offset });

    public static int DecodeOffset(string? cursor, string scope)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        var position = Decode(cursor);
        return position["scope"]?.GetValueKind() == JsonValueKind.String
            && position["scope"]!.GetValue<string>() == scope
            && position["offset"] is JsonValue offsetValue
            && offsetValue.TryGetValue<int>(out var offset)
            && offset >= 0
                ? offset
                : throw RequestRejected.BadRequest("cursor is not valid");
    }
}
