using Migration.Domain.Mapping;

namespace Migration.Pipedrive;

/// <summary>
/// What <see cref="SchemaProvisioner"/> found or created in one account for an approved map: every field
/// with its 40-character key and option ids, person labels, activity types, the campaign pipeline and its
/// stages. <c>CreatedByRun</c> flags say what this run made, for rollback; writers and read-back resolve keys
/// and ids here. Serialisable with System.Text.Json; names are looked up case-insensitively.
/// </summary>
public sealed record ProvisionedSchema(
    IReadOnlyList<ProvisionedField> Fields,
    IReadOnlyList<ProvisionedLabel> PersonLabels,
    IReadOnlyList<ProvisionedActivityType> ActivityTypes,
    ProvisionedPipeline? CampaignPipeline)
{
    public ProvisionedField? Field(string entity, string name) =>
        Fields.FirstOrDefault(f => f.Entity == entity && Same(f.Name, name));

    /// <summary>The entity's "Netmera ID" field.</summary>
    public ProvisionedField NetmeraId(string entity) =>
        Fields.FirstOrDefault(f => f.Entity == entity && f.Purpose == FieldPurposes.NetmeraId)
        ?? Field(entity, SchemaRequirements.NetmeraIdFieldName)
        ?? throw new InvalidOperationException($"The provisioned schema has no {entity} '{SchemaRequirements.NetmeraIdFieldName}' field.");

    public ProvisionedLabel? PersonLabel(string name) => PersonLabels.FirstOrDefault(l => Same(l.Name, name));

    public ProvisionedLabel? PersonLabel(long id) => PersonLabels.FirstOrDefault(l => l.Id == id);

    public ProvisionedActivityType? ActivityType(string name) => ActivityTypes.FirstOrDefault(t => Same(t.Name, name));

    /// <summary>Whether this run created anything at all (fields, options, labels, activity types, pipeline, stages).</summary>
    public bool CreatedAnything =>
        Fields.Any(f => f.CreatedByRun || f.OptionsCreatedByRun.Count > 0)
        || PersonLabels.Any(l => l.CreatedByRun)
        || ActivityTypes.Any(t => t.CreatedByRun)
        || CampaignPipeline is { } p && (p.CreatedByRun || p.Stages.Any(s => s.CreatedByRun));

    internal static bool Same(string? a, string? b) =>
        string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A custom field in the account: <see cref="Key"/> is its field_code; <see cref="Options"/> maps option labels to
/// ids (enum/set); <see cref="OptionsCreatedByRun"/> lists the labels this run added to a field it did not create.
/// </summary>
public sealed record ProvisionedField(string Entity, string Name, string FieldType, string Key, bool CreatedByRun)
{
    public IReadOnlyDictionary<string, long> Options { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> OptionsCreatedByRun { get; init; } = [];

    /// <summary>One of <see cref="FieldPurposes"/>.</summary>
    public string Purpose { get; init; } = FieldPurposes.Mapped;

    public long? OptionId(string label) =>
        Options.TryGetValue(label, out var id) ? id
        : Options.FirstOrDefault(o => ProvisionedSchema.Same(o.Key, label)) is { Key: not null } match ? match.Value : null;

    public string? OptionLabel(long id) => Options.FirstOrDefault(o => o.Value == id).Key;
}

public sealed record ProvisionedLabel(string Name, long Id, bool CreatedByRun);

/// <summary>An activity type: activities name it by <see cref="KeyString"/> (generated from the name, never changes).</summary>
public sealed record ProvisionedActivityType(string Name, long Id, string KeyString, bool CreatedByRun);

public sealed record ProvisionedPipeline(string Name, long Id, bool CreatedByRun, IReadOnlyList<ProvisionedStage> Stages)
{
    public ProvisionedStage? Stage(string name) => Stages.FirstOrDefault(s => ProvisionedSchema.Same(s.Name, name));
}

public sealed record ProvisionedStage(string Name, long Id, bool CreatedByRun);
