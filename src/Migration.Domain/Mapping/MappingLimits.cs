namespace Migration.Domain.Mapping;

/// <summary>
/// What the Pipedrive account allows the map. Pipedrive caps custom fields per company, across persons,
/// organizations and deals together, by plan (pipedrive-api.md §9; the figures are PlanCaps in
/// Migration.Pipedrive; API-created fields count). <see cref="CustomFieldsAvailable"/> is what is left: the
/// plan's cap minus the custom fields the account already has; null when unknown or unlimited.
/// Fields the map would reuse because they already exist (same entity, name and type) are listed in
/// <see cref="ExistingFields"/> as "entity/name" and not counted again.
/// </summary>
public sealed record MappingLimits(int? CustomFieldsAvailable)
{
    public IReadOnlyCollection<string> ExistingFields { get; init; } = [];

    public static MappingLimits Unlimited { get; } = new((int?)null);

    public static string Key(string entity, string name) => $"{entity}/{name.Trim().ToLowerInvariant()}";
}
