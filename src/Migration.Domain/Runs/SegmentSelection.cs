using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Migration.Domain.Runs;

/// <summary>
/// Which Netmera segments become Pipedrive filters (run option <c>segments</c>): <c>"all"</c> (the
/// default), <c>"none"</c>, or a list of segment ids. The run's full-population segment is never moved,
/// whatever the selection says: every migrated person is in it.
/// </summary>
[JsonConverter(typeof(SegmentSelectionJsonConverter))]
public sealed record SegmentSelection
{
    private SegmentSelection(IReadOnlyList<long>? ids) => Ids = ids;

    /// <summary>The chosen ids; null means every segment Netmera lists.</summary>
    public IReadOnlyList<long>? Ids { get; }

    public static SegmentSelection All { get; } = new((IReadOnlyList<long>?)null);

    public static SegmentSelection None { get; } = new(Array.Empty<long>());

    public static SegmentSelection Only(IEnumerable<long> ids) => new(ids.Distinct().Order().ToArray());

    public bool IsAll => Ids is null;

    public bool Includes(long segmentId) => Ids is null || Ids.Contains(segmentId);

    public bool Equals(SegmentSelection? other) =>
        other is not null && (Ids is null ? other.Ids is null : other.Ids is not null && Ids.SequenceEqual(other.Ids));

    public override int GetHashCode() => Ids is null ? 0 : Ids.Aggregate(Ids.Count, HashCode.Combine);

    public override string ToString() => Ids switch
    {
        null => "all",
        [] => "none",
        _ => string.Join(",", Ids.Select(i => i.ToString(CultureInfo.InvariantCulture))),
    };
}

/// <summary>Reads <c>"all"</c>, <c>"none"</c> or an array of ids (numbers or numeric strings); writes the same shapes.</summary>
public sealed class SegmentSelectionJsonConverter : JsonConverter<SegmentSelection>
{
    public override SegmentSelection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString()?.Trim().ToLowerInvariant() switch
                {
                    "all" => SegmentSelection.All,
                    "none" => SegmentSelection.None,
                    _ => throw new JsonException("segments must be \"all\", \"none\" or a list of Netmera segment ids."),
                };
            case JsonTokenType.StartArray:
                var ids = new List<long>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
                        ids.Add(number);
                    else if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                        ids.Add(parsed);
                    else
                        throw new JsonException("segments lists Netmera segment ids (numbers).");
                }
                return SegmentSelection.Only(ids);
            default:
                throw new JsonException("segments must be \"all\", \"none\" or a list of Netmera segment ids.");
        }
    }

    public override void Write(Utf8JsonWriter writer, SegmentSelection value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Ids is null)
        {
            writer.WriteStringValue("all");
            return;
        }
        if (value.Ids.Count == 0)
        {
            writer.WriteStringValue("none");
            return;
        }
        writer.WriteStartArray();
        foreach (var id in value.Ids)
            writer.WriteNumberValue(id);
        writer.WriteEndArray();
    }
}
