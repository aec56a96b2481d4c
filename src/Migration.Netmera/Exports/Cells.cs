using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Migration.Netmera.Exports;

/// <summary>
/// Reading one cell: CSV cells are text; XLSX cells are text, double, bool or DateTime as the sheet
/// typed them. Every parse is invariant-culture and says why it failed without quoting the value.
/// </summary>
internal static partial class Cells
{
    /// <summary>Epoch milliseconds before 2000-01-01 are refused: such a number is seconds, or no time at all.</summary>
    private static readonly long EarliestEpochMs = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly long LatestEpochMs = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Profile values keep their characters as they are (no \uXXXX escapes in staged JSON).</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd",
        "dd.MM.yyyy HH:mm:ss",
        "dd.MM.yyyy HH:mm",
        "dd.MM.yyyy",
    ];

    public static bool IsEmpty(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>The cell as text: numbers invariant (integral ones without decimals), booleans lower-case, dates ISO 8601 UTC.</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s,
        double d when double.IsInteger(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => AsUtc(t).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    /// <summary>
    /// A time as UTC: ISO 8601 (an offset is honoured; none means UTC), <c>yyyy-MM-dd HH:mm:ss</c>,
    /// day-first <c>dd.MM.yyyy[ HH:mm[:ss]]</c>, epoch milliseconds (2000–2100), or a spreadsheet date cell.
    /// </summary>
    public static bool TryTimestamp(object? cell, out DateTimeOffset value, out string reason)
    {
        value = default;
        reason = string.Empty;
        switch (cell)
        {
            case DateTime t:
                value = new DateTimeOffset(AsUtc(t), TimeSpan.Zero);
                return true;
            case DateTimeOffset t:
                value = t.ToUniversalTime();
                return true;
            case double d when double.IsInteger(d):
                return TryEpochMilliseconds((long)d, out value, out reason);
            case double:
                reason = "a number that is not whole milliseconds";
                return false;
        }

        var text = Text(cell)?.Trim();
        if (text is null)
        {
            reason = "empty";
            return false;
        }
        if (IntegerPattern().IsMatch(text))
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                reason = "a number too large for epoch milliseconds";
                return false;
            }
            return TryEpochMilliseconds(ms, out value, out reason);
        }
        if (DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
            return true;
        reason = "neither ISO 8601 (e.g. 2024-05-01T13:45:00Z) nor epoch milliseconds";
        return false;
    }

    private static bool TryEpochMilliseconds(long ms, out DateTimeOffset value, out string reason)
    {
        value = default;
        reason = string.Empty;
        if (ms < EarliestEpochMs || ms > LatestEpochMs)
        {
            reason = ms < EarliestEpochMs
                ? "a number before the year 2000 as epoch milliseconds (epoch seconds are not accepted)"
                : "a number past the year 2100 as epoch milliseconds";
            return false;
        }
        value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    /// <summary>A whole number: <c>123</c>, <c>"123"</c>, <c>123.0</c>, <c>1,234</c> (comma grouping), a numeric cell.</summary>
    public static bool TryWholeNumber(object? cell, out long value)
    {
        value = 0;
        switch (cell)
        {
            case double d when double.IsInteger(d) && Math.Abs(d) < 9e15:
                value = (long)d;
                return true;
            case double:
                return false;
        }
        var text = Text(cell)?.Trim();
        if (text is null)
            return false;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value))
            return true;
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d2)
            && d2 == decimal.Truncate(d2) && d2 is >= long.MinValue and <= long.MaxValue)
        {
            value = (long)d2;
            return true;
        }
        return false;
    }

    /// <summary>
    /// A profile attribute value as JSON, "as found": numeric and boolean sheet cells stay numbers and
    /// booleans, date cells become epoch milliseconds (as Netmera's API gives dates). Text becomes a
    /// number only when it is a plain decimal (no leading zeros or plus sign, at most 15 integer digits,
    /// so phone numbers, zip codes and long ids stay text), a boolean when it is true/false, a JSON
    /// array/object when it parses as one, and stays a string otherwise.
    /// </summary>
    public static JsonElement ProfileValue(object? cell)
    {
        switch (cell)
        {
            case double d when double.IsInteger(d) && Math.Abs(d) < 1e15:
                return JsonSerializer.SerializeToElement((long)d, Json);
            case double d when double.IsFinite(d):
                return JsonSerializer.SerializeToElement(d, Json);
            case bool b:
                return JsonSerializer.SerializeToElement(b, Json);
            case DateTime t:
                return JsonSerializer.SerializeToElement(new DateTimeOffset(AsUtc(t), TimeSpan.Zero).ToUnixTimeMilliseconds(), Json);
        }

        var text = Text(cell) ?? string.Empty;
        if (PlainNumberPattern().IsMatch(text))
        {
            using var number = JsonDocument.Parse(text);
            return number.RootElement.Clone();
        }
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
            return JsonSerializer.SerializeToElement(true, Json);
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
            return JsonSerializer.SerializeToElement(false, Json);
        var trimmed = text.Trim();
        if ((trimmed.StartsWith('[') && trimmed.EndsWith(']')) || (trimmed.StartsWith('{') && trimmed.EndsWith('}')))
        {
            try
            {
                using var structured = JsonDocument.Parse(trimmed);
                return structured.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text.
            }
        }
        return JsonSerializer.SerializeToElement(text, Json);
    }

    /// <summary>
    /// A cell holding several values: a JSON array of strings, else lines, else values separated by
    /// <c>|</c>, else by <c>;</c>. Commas do not separate (names contain them). Items are trimmed; empty ones dropped.
    /// </summary>
    public static IReadOnlyList<string> List(object? cell)
    {
        var text = Text(cell)?.Trim();
        if (text is null)
            return [];
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            try
            {
                var items = JsonSerializer.Deserialize<List<JsonElement>>(text);
                if (items is not null)
                    return items.Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : i.GetRawText())
                        .Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).ToList();
            }
            catch (JsonException)
            {
                // Not JSON: split as text.
            }
        }
        char[] separators = text.Contains('\n', StringComparison.Ordinal) ? ['\n', '\r']
            : text.Contains('|', StringComparison.Ordinal) ? ['|']
            : text.Contains(';', StringComparison.Ordinal) ? [';']
            : [];
        if (separators.Length == 0)
            return [text];
        return text.Split(separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Per-device values in one cell, by position: a JSON array, else split at line breaks, else <c>|</c>,
    /// else <c>;</c>, else <c>,</c>. Empty positions stay (as null) so the n-th values of several columns
    /// still describe the same device.
    /// </summary>
    public static IReadOnlyList<string?> Positions(object? cell)
    {
        var text = Text(cell)?.Trim();
        if (text is null)
            return [];
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            try
            {
                var items = JsonSerializer.Deserialize<List<JsonElement>>(text);
                if (items is not null)
                    return items.Select(i => i.ValueKind == JsonValueKind.String ? NullIfBlank(i.GetString()) : i.ValueKind == JsonValueKind.Null ? null : i.GetRawText()).ToList();
            }
            catch (JsonException)
            {
                // Not JSON: split as text.
            }
        }
        var separator = text.Contains('\n', StringComparison.Ordinal) ? '\n'
            : text.Contains('|', StringComparison.Ordinal) ? '|'
            : text.Contains(';', StringComparison.Ordinal) ? ';'
            : ',';
        return text.Split(separator).Select(p => NullIfBlank(p.Trim('\r', ' ', '\t'))).ToList();

        static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// A profile value typed by its Netmera definition: DATE text becomes epoch milliseconds, numeric types
    /// a number, BOOLEAN a boolean, STRING stays text (so "00123" keeps its zeros), and an array attribute
    /// becomes a JSON array of its items (split like <see cref="List"/>, and at commas). Text that does not
    /// fit its type stays a string. Without a definition: <see cref="ProfileValue(object?)"/>.
    /// </summary>
    public static JsonElement ProfileValue(object? cell, Migration.Domain.Source.SourceAttributeDefinition? definition)
    {
        if (definition is null)
            return ProfileValue(cell);
        var type = definition.DataType.Trim().ToUpperInvariant();
        if (definition.IsArray && cell is string arrayText)
        {
            var trimmed = arrayText.Trim();
            if (trimmed.StartsWith('[') && ProfileValue(trimmed) is { ValueKind: JsonValueKind.Array } array)
                return array;
            var items = List(trimmed);
            if (items.Count == 1 && !trimmed.Contains('\n', StringComparison.Ordinal) && !trimmed.Contains('|', StringComparison.Ordinal) && !trimmed.Contains(';', StringComparison.Ordinal))
                items = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return JsonSerializer.SerializeToElement(items.Select(i => Scalar(i, type)).ToList(), Json);
        }
        return cell switch
        {
            string text => Scalar(text, type),
            double d when type is "STRING" or "TEXT" => JsonSerializer.SerializeToElement(Text(d), Json),
            _ => ProfileValue(cell),
        };
    }

    private static JsonElement Scalar(string text, string type)
    {
        switch (type)
        {
            case "DATE" or "DATETIME" or "TIMESTAMP":
                if (TryTimestamp(text, out var at, out _))
                    return JsonSerializer.SerializeToElement(at.ToUnixTimeMilliseconds(), Json);
                break;
            case "INTEGER" or "INT" or "LONG" or "DOUBLE" or "FLOAT" or "NUMBER" or "NUMERIC" or "DECIMAL":
                if (PlainNumberPattern().IsMatch(text.Trim()))
                {
                    using var number = JsonDocument.Parse(text.Trim());
                    return number.RootElement.Clone();
                }
                break;
            case "BOOLEAN" or "BOOL":
                if (text.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
                    return JsonSerializer.SerializeToElement(true, Json);
                if (text.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
                    return JsonSerializer.SerializeToElement(false, Json);
                break;
        }
        return JsonSerializer.SerializeToElement(text, Json);
    }

    /// <summary>A size in bytes: a whole number of bytes, or a number with B, KB, MB, GB (1,024-based; KiB/MiB/GiB too).</summary>
    public static bool TryBytes(object? cell, out long bytes)
    {
        bytes = 0;
        if (TryWholeNumber(cell, out bytes))
            return bytes >= 0;
        var text = Text(cell)?.Trim();
        if (text is null)
            return false;
        var match = SizePattern().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            return false;
        var unit = match.Groups["u"].Value.ToUpperInvariant();
        decimal factor = unit[0] switch
        {
            'B' => 1m,
            'K' => 1024m,
            'M' => 1024m * 1024m,
            'G' => 1024m * 1024m * 1024m,
            _ => 0m,
        };
        if (factor == 0m)
            return false;
        bytes = (long)Math.Round(n * factor, MidpointRounding.AwayFromZero);
        return true;
    }

    private static DateTime AsUtc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^-?(0|[1-9]\d{0,14})(\.\d+)?$")]
    private static partial Regex PlainNumberPattern();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>B|KB|KIB|K|MB|MIB|M|GB|GIB|G)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
