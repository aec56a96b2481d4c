using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Migration.Domain.Mapping;

/// <summary>How raw Netmera values are read, shared by the profiler and the transforms so both agree on what a number or a date is.</summary>
internal static partial class RawValues
{
    // Epoch milliseconds between 1966 and 2100: far from counts and amounts, so a number there is probably a time.
    private const decimal EpochLow = 100_000_000_000m;
    private const decimal EpochHigh = 4_102_444_800_000m;

    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent
        | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoShape();

    /// <summary>A scalar as text: strings as they are, numbers as written, booleans as true/false; null for null, arrays and objects.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static bool IsNull(JsonElement value) => value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public static bool TryNumber(string text, out decimal number) =>
        decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out number);

    public static bool TryNumber(JsonElement value, out decimal number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out number),
            JsonValueKind.String => TryNumber(value.GetString() ?? "", out number),
            _ => false,
        };
    }

    public static bool LooksLikeEpochMs(decimal number) =>
        decimal.Truncate(number) == number && Math.Abs(number) is >= EpochLow and <= EpochHigh;

    public static bool LooksLikeIsoDate(string text) => IsoShape().IsMatch(text.Trim());

    /// <summary>Epoch milliseconds to the UTC calendar day; false outside the representable range or for fractions.</summary>
    public static bool TryEpochMsDate(decimal number, out DateOnly date)
    {
        date = default;
        if (decimal.Truncate(number) != number || number < -62_135_596_800_000m || number > 253_402_300_799_999m)
            return false;
        date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds((long)number).UtcDateTime);
        return true;
    }

    /// <summary>An ISO-8601 date or date-time to the UTC calendar day (a date-time without offset is read as UTC).</summary>
    public static bool TryIsoDate(string text, out DateOnly date)
    {
        date = default;
        var trimmed = text.Trim();
        if (!LooksLikeIsoDate(trimmed))
            return false;
        if (trimmed.Length == 10)
            return DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
            return false;
        date = DateOnly.FromDateTime(moment.UtcDateTime);
        return true;
    }
}
