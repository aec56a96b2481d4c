namespace Migration.Domain.Mapping;

/// <summary>
/// The result of converting one raw value for one map line: a value to write, or nothing, and when
/// something could not be converted the reason in plain words (the value is then left out, never guessed).
/// Both may be set when part of a value converted (e.g. two of three chosen options are known).
/// </summary>
public sealed record ValueConversion(MappedValue? Value, string? Problem)
{
    public static ValueConversion Empty { get; } = new(null, null);

    /// <summary>Nothing to write and nothing wrong: the source had no value.</summary>
    public bool IsEmpty => Value is null && Problem is null;

    public static ValueConversion Of(MappedValue value) => new(value, null);

    public static ValueConversion Failed(string problem) => new(null, problem);
}
