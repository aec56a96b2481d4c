using System.Globalization;

namespace Migration.Pipedrive;

/// <summary>
/// Custom field values in the shapes API v2 expects under <c>custom_fields.&lt;field_code&gt;</c>
/// (pipedrive-api.md §8). v1's shapes (comma strings for sets, <c>key_currency</c> siblings) are
/// refused by v2, and an empty set must be sent as <c>null</c>, never <c>[]</c>.
/// </summary>
public static class CustomFieldValue
{
    /// <summary>varchar, varchar_auto, text and phone are plain strings.</summary>
    public static object Text(string value) => value;

    /// <summary>double: a JSON number; v2 does not coerce numeric strings.</summary>
    public static object Number(decimal value) => value;

    public static object Monetary(decimal value, string currency) => new MonetaryValue(value, currency.ToUpperInvariant());

    /// <summary>enum: the option's id.</summary>
    public static object Option(long optionId) => optionId;

    /// <summary>set: the options' ids; none clears the field (null, since <c>[]</c> is a validation error).</summary>
    public static object? Options(IEnumerable<long> optionIds)
    {
        var ids = optionIds.Distinct().ToList();
        return ids.Count == 0 ? null : ids;
    }

    public static object Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static object DateRange(DateOnly from, DateOnly until) =>
        new RangeValue(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>time: <c>HH:MM:SS</c>, with an optional IANA time zone name.</summary>
    public static object Time(TimeOnly value, string? timezoneName = null) =>
        new TimeValue(value.ToString("HH:mm:ss", CultureInfo.InvariantCulture), timezoneName);

    public static object TimeRange(TimeOnly from, TimeOnly until, string? timezoneName = null) =>
        new TimeRangeValue(from.ToString("HH:mm:ss", CultureInfo.InvariantCulture), until.ToString("HH:mm:ss", CultureInfo.InvariantCulture), timezoneName);

    public static object Address(Address value) => value;

    /// <summary>user, org and people fields hold the referenced record's id.</summary>
    public static object Reference(long id) => id;

    /// <summary>Clears any field.</summary>
    public static object? Clear() => null;
}

public sealed record MonetaryValue(decimal Value, string Currency);

public sealed record RangeValue(string Value, string Until);

public sealed record TimeValue(string Value, string? TimezoneName);

public sealed record TimeRangeValue(string Value, string Until, string? TimezoneName);
