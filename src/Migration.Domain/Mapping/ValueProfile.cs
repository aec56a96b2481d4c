using System.Globalization;

namespace Migration.Domain.Mapping;

/// <summary>
/// What the values of one source item look like across the population, for the proposal to choose a
/// field type: how often it is set, which kinds of values it holds, how long they get and, for small
/// vocabularies, which values occur. Built by <see cref="ValueProfiler"/>.
/// </summary>
public sealed record ValueProfile(string SourceId)
{
    /// <summary>Users profiled (every user fed to the profiler, whether or not it has a value here).</summary>
    public long Seen { get; init; }

    /// <summary>Users with at least one value.</summary>
    public long NonNull { get; init; }

    /// <summary>Values counted: array elements, one per device, one per answer, one per event.</summary>
    public long Occurrences { get; init; }

    /// <summary>Kinds of values seen (<see cref="ValueTypes"/>), in ordinal order.</summary>
    public IReadOnlyList<string> TypesSeen { get; init; } = [];

    /// <summary>Longest value in characters (a scalar's text, an array element, an answer, a tag).</summary>
    public int MaxLength { get; init; }

    /// <summary>Longest of one user's values joined with ", " (devices, arrays): what a joined text field would hold.</summary>
    public int MaxJoinedLength { get; init; }

    /// <summary>Most values one user had (devices, array elements, answers).</summary>
    public int MaxPerUser { get; init; }

    /// <summary>Distinct values counted; when <see cref="DistinctOverflow"/> there are more than this.</summary>
    public int DistinctCount { get; init; }

    public bool DistinctOverflow { get; init; }

    /// <summary>The observed values with their counts, in ordinal order; only for small vocabularies (else empty).</summary>
    public IReadOnlyList<ObservedValue> Values { get; init; } = [];

    /// <summary>Share of profiled users without a value (1 when nobody was profiled).</summary>
    public double NullShare => Seen == 0 ? 1 : 1 - (double)NonNull / Seen;

    public bool Has(string valueType) => TypesSeen.Contains(valueType, StringComparer.Ordinal);

    /// <summary>"12" or "more than 1000".</summary>
    public string DistinctText => DistinctOverflow
        ? string.Create(CultureInfo.InvariantCulture, $"more than {DistinctCount}")
        : DistinctCount.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One value as seen, with the number of times it occurred. For tags, <see cref="Value"/> is the most
/// common spelling of a case-insensitive, trimmed group and <see cref="Variants"/> the other spellings merged into it.
/// </summary>
public sealed record ObservedValue(string Value, long Count)
{
    public IReadOnlyList<string> Variants { get; init; } = [];
}

/// <summary>The kinds of values a profile reports.</summary>
public static class ValueTypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string NumericString = "numeric-string";
    public const string EpochMs = "epoch-ms";
    public const string IsoDate = "iso-date";
    public const string Bool = "bool";
    public const string Array = "array";
    public const string Object = "object";
}
