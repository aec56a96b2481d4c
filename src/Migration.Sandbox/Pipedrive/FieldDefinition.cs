using System.Collections.Frozen;
using System.Text.Json;

namespace Migration.Sandbox.Pipedrive;

/// <summary>The entities whose fields v2 describes under <c>/&lt;entity&gt;Fields</c>.</summary>
internal enum FieldEntity
{
    Person,
    Organization,
    Deal,
    Activity,
}

/// <summary>
/// A field as v2 <c>/&lt;entity&gt;Fields</c> describes it (built-in or custom). Deleted custom fields stay,
/// flagged: they are hidden from responses and writes that still send their key have it ignored (CF).
/// </summary>
internal sealed record FieldDefinition(
    string FieldCode,
    string FieldName,
    string FieldType,
    bool IsCustom,
    IReadOnlyList<FieldOption>? Options,
    IReadOnlyList<Subfield>? Subfields,
    bool IsOptionalResponse = false,
    string? Description = null,
    bool IsDeleted = false,
    JsonElement? UiVisibility = null,
    JsonElement? ImportantFields = null,
    JsonElement? RequiredFields = null)
{
    public FieldOption? FindOption(object id) => Options?.FirstOrDefault(o => o.Id.Equals(id));
}

/// <summary>Option ids are ints on custom fields and labels, strings on other built-in fields (per the spec).</summary>
internal sealed record FieldOption(object Id, string Label, string? Color, DateTimeOffset? AddTime, DateTimeOffset? UpdateTime);

internal sealed record Subfield(string FieldCode, string FieldName, string FieldType);

internal static class FieldEntities
{
    /// <summary>"personFields": the route segment and the scope of its cursors.</summary>
    public static string Route(this FieldEntity entity) => entity switch
    {
        FieldEntity.Person => "personFields",
        FieldEntity.Organization => "organizationFields",
        FieldEntity.Deal => "dealFields",
        _ => "activityFields",
    };

    /// <summary>Custom fields on these count towards the plan's cap (KB-LIMITS: per company, across entities).</summary>
    public static readonly IReadOnlyList<FieldEntity> WithCustomFields = [FieldEntity.Person, FieldEntity.Organization, FieldEntity.Deal];
}

internal static class FieldTypes
{
    /// <summary>What POST /&lt;entity&gt;Fields accepts (the spec's request enum).</summary>
    public static readonly FrozenSet<string> Creatable = FrozenSet.ToFrozenSet(
    [
        "varchar", "text", "double", "phone", "date", "daterange", "time", "timerange", "set", "enum",
        "varchar_auto", "address", "monetary", "org", "people", "user",
    ]);

    /// <summary>Custom field types search looks into (spec: searchPersons, parameter <c>fields</c>).</summary>
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
