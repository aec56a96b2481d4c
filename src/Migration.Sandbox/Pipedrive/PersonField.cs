using System.Collections.Frozen;

namespace Migration.Sandbox.Pipedrive;

/// <summary>A person field as v2 <c>/personFields</c> describes it (built-in or custom).</summary>
internal sealed record PersonField(
    string FieldCode,
    string FieldName,
    string FieldType,
    bool IsCustom,
    IReadOnlyList<FieldOption>? Options,
    IReadOnlyList<Subfield>? Subfields,
    bool IsOptionalResponse = false,
    string? Description = null)
{
    public FieldOption? FindOption(object id) => Options?.FirstOrDefault(o => o.Id.Equals(id));
}

/// <summary>Option ids are ints on custom fields and labels, strings on other built-in fields (per the spec).</summary>
internal sealed record FieldOption(object Id, string Label, string? Color, DateTimeOffset? AddTime, DateTimeOffset? UpdateTime);

internal sealed record Subfield(string FieldCode, string FieldName, string FieldType);

internal static class FieldTypes
{
    /// <summary>What POST /personFields accepts (the spec's request enum).</summary>
    public static readonly FrozenSet<string> Creatable = FrozenSet.ToFrozenSet(
    [
        "varchar", "text", "double", "phone", "date", "daterange", "time", "timerange", "set", "enum",
        "varchar_auto", "address", "monetary", "org", "people", "user",
    ]);

    /// <summary>Custom field types person search looks into (spec: searchPersons, parameter <c>fields</c>).</summary>
    public static readonly FrozenSet<string> Searchable = FrozenSet.ToFrozenSet(
        ["address", "varchar", "text", "varchar_auto", "double", "monetary", "phone"]);

    public static bool HasOptions(string fieldType) => fieldType is "enum" or "set";

    /// <summary>Address parts a v2 address value may carry beside <c>value</c>.</summary>
    public static readonly IReadOnlyList<string> AddressParts =
    [
        "street_number", "route", "sublocality", "locality", "admin_area_level_1", "admin_area_level_2", "country",
        "postal_code", "subpremise",
    ];

    /// <summary>Subfields listed for composite types, keyed like v1's flattened keys.</summary>
    public static IReadOnlyList<Subfield>? SubfieldsFor(string fieldCode, string fieldType) => fieldType switch
    {
        "monetary" => [new(fieldCode + "_currency", "Currency", "varchar")],
        "daterange" => [new(fieldCode + "_until", "End date", "date")],
        "timerange" => [new(fieldCode + "_until", "End time", "time")],
        "address" => [.. AddressParts.Select(p => new Subfield($"{fieldCode}_{p}", p.Replace('_', ' '), "varchar")),
                      new(fieldCode + "_formatted_address", "formatted address", "varchar")],
        _ => null,
    };
}
