namespace Migration.Domain.Mapping;

/// <summary>
/// A value for one mapped custom field, before the account's field key and option ids are known:
/// <see cref="FieldName"/> is the display name the map gives the field, <see cref="FieldType"/> one of
/// <see cref="PipedriveFieldTypes"/>. Exactly one of the value members is set, by type: text for
/// varchar/text/phone, number for double/monetary, date for date, options (labels) for enum (one) and set.
/// </summary>
public sealed record MappedValue(string FieldName, string FieldType)
{
    public string? Text { get; init; }
    public decimal? Number { get; init; }

    /// <summary>ISO currency code for monetary values.</summary>
    public string? Currency { get; init; }
    public DateOnly? Date { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
}
