namespace Migration.Domain.Mapping;

/// <summary>
/// What an approved <see cref="FieldMap"/> needs to exist in Pipedrive before anything is written: custom
/// fields per entity (with their options, in order), the "Netmera ID" field on person, organization and
/// deal, person label options, activity types and, when campaigns are mapped, the campaign pipeline with
/// its stages. Pure and deterministic; serialisable with System.Text.Json. Names are matched
/// case-insensitively (as Pipedrive's display names are), the first spelling wins.
/// </summary>
public sealed record SchemaRequirements(
    IReadOnlyList<RequiredField> Fields,
    IReadOnlyList<string> PersonLabels,
    IReadOnlyList<RequiredActivityType> ActivityTypes,
    RequiredPipeline? CampaignPipeline)
{
    /// <summary>The varchar field stamped with the Netmera id on persons, organizations and deals.</summary>
    public const string NetmeraIdFieldName = "Netmera ID";

    public const string NetmeraIdFieldType = PipedriveFieldTypes.Varchar;

    /// <summary>The pipeline campaign deals go to.</summary>
    public const string CampaignPipelineName = "Netmera campaigns";

    /// <summary>Its stages, in order: a campaign's lifecycle in Netmera.</summary>
    public static IReadOnlyList<string> CampaignStages { get; } = ["Draft", "Scheduled", "Sending", "Finished"];

    /// <summary>The activity type for a person's campaign touchpoints (a message sent, opened, clicked).</summary>
    public const string CampaignTouchpointType = "Campaign touchpoint";

    public const string CampaignTouchpointIcon = "email";

    /// <summary>Icon of activity types made for Netmera events (the spec's <c>icon_key</c> enum).</summary>
    public const string EventIcon = "signpost";

    public static RequiredField NetmeraId(string entity) =>
        new(entity, NetmeraIdFieldName, NetmeraIdFieldType) { Purpose = FieldPurposes.NetmeraId };

    /// <summary>Names of the three person fields a summarised event (<see cref="TargetKinds.Summary"/>) fills.</summary>
    public static SummaryFieldNames SummaryFields(string eventName) =>
        new($"{eventName}: count", $"{eventName}: first seen", $"{eventName}: last seen");

    /// <summary>The fields of one entity (<see cref="TargetEntities"/>).</summary>
    public IEnumerable<RequiredField> For(string entity) => Fields.Where(f => f.Entity == entity);

    public static SchemaRequirements From(FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var fields = new List<RequiredField>
        {
            NetmeraId(TargetEntities.Person),
            NetmeraId(TargetEntities.Organization),
            NetmeraId(TargetEntities.Deal),
        };
        var labels = new List<string>();
        var activityTypes = new List<RequiredActivityType>();
        var hasCampaigns = false;

        foreach (var line in map.Lines)
        {
            var target = line.Target;
            if (target.Kind == TargetKinds.None || target.Entity == TargetEntities.None)
                continue;
            if (line.Source.Kind == SourceKinds.Campaign || target.Entity == TargetEntities.Deal)
                hasCampaigns = true;

            switch (target.Kind)
            {
                case TargetKinds.Custom:
                case "deal" when target.FieldType is not null:
                    AddField(fields, new RequiredField(target.Entity, target.Name.Trim(), target.FieldType ?? PipedriveFieldTypes.Varchar)
                    {
                        Options = PipedriveFieldTypes.HasOptions(target.FieldType) ? OptionsOf(line) : [],
                    }, line.SourceId);
                    break;

                case TargetKinds.Label:
                    foreach (var label in OptionsOf(line))
                        AddDistinct(labels, label);
                    break;

                case TargetKinds.ActivityType:
                    var typeName = NameOf(line);
                    if (!activityTypes.Any(t => Same(t.Name, typeName)))
                        activityTypes.Add(new RequiredActivityType(typeName, line.Source.Kind == SourceKinds.Campaign ? CampaignTouchpointIcon : EventIcon));
                    break;

                case TargetKinds.Summary:
                    var names = SummaryFields(NameOf(line));
                    AddField(fields, new RequiredField(TargetEntities.Person, names.Count, PipedriveFieldTypes.Double) { Purpose = FieldPurposes.Summary }, line.SourceId);
                    AddField(fields, new RequiredField(TargetEntities.Person, names.FirstSeen, PipedriveFieldTypes.Date) { Purpose = FieldPurposes.Summary }, line.SourceId);
                    AddField(fields, new RequiredField(TargetEntities.Person, names.LastSeen, PipedriveFieldTypes.Date) { Purpose = FieldPurposes.Summary }, line.SourceId);
                    break;
            }
        }

        if (hasCampaigns && !activityTypes.Any(t => Same(t.Name, CampaignTouchpointType)))
            activityTypes.Add(new RequiredActivityType(CampaignTouchpointType, CampaignTouchpointIcon));

        return new SchemaRequirements(
            fields,
            labels,
            activityTypes,
            hasCampaigns ? new RequiredPipeline(CampaignPipelineName, CampaignStages) : null);
    }

    private static void AddField(List<RequiredField> fields, RequiredField field, string sourceId)
    {
        var index = fields.FindIndex(f => f.Entity == field.Entity && Same(f.Name, field.Name));
        if (index < 0)
        {
            fields.Add(field);
            return;
        }

        var existing = fields[index];
        if (existing.FieldType != field.FieldType)
            throw new OperatorActionRequiredException(
                $"The field map sends '{sourceId}' to the {field.Entity} field '{field.Name}' as {field.FieldType}, but another line already " +
                $"uses that name as {existing.FieldType}. Give one of them another name or the same type, then approve the map again.");
        var options = existing.Options.ToList();
        foreach (var option in field.Options)
            AddDistinct(options, option);
        fields[index] = existing with { Options = options };
    }

    /// <summary>The target's options; the source's when the target lists none (a tag vocabulary, a survey's choices).</summary>
    private static List<string> OptionsOf(MappingLine line)
    {
        var options = new List<string>();
        foreach (var option in line.Target.Options.Count > 0 ? line.Target.Options : line.Source.Options)
        {
            if (!string.IsNullOrWhiteSpace(option))
                AddDistinct(options, option.Trim());
        }
        return options;
    }

    /// <summary>The name a line's target goes by: the target's name, else the source item's (summaries and activity types).</summary>
    internal static string NameOf(MappingLine line) =>
        string.IsNullOrWhiteSpace(line.Target.Name) ? line.Source.Name.Trim() : line.Target.Name.Trim();

    private static void AddDistinct(List<string> list, string value)
    {
        if (!list.Any(v => Same(v, value)))
            list.Add(value);
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A custom field the map needs: found by entity, display name and type, or created. Options (enum/set)
/// in the order they are created; existing fields get the missing ones added.
/// </summary>
public sealed record RequiredField(string Entity, string Name, string FieldType)
{
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Why it exists (<see cref="FieldPurposes"/>): read-back compares empty values only for mapped fields.</summary>
    public string Purpose { get; init; } = FieldPurposes.Mapped;
}

public static class FieldPurposes
{
    /// <summary>A map line's custom target: persons carry its value in <see cref="MappedValue"/>s.</summary>
    public const string Mapped = "mapped";

    /// <summary>One of the three fields of a summarised event.</summary>
    public const string Summary = "summary";

    /// <summary>The "Netmera ID" stamp.</summary>
    public const string NetmeraId = "netmera-id";
}

public sealed record SummaryFieldNames(string Count, string FirstSeen, string LastSeen);

/// <summary>An activity type, found by name (case-insensitive) or created with this icon.</summary>
public sealed record RequiredActivityType(string Name, string IconKey);

/// <summary>A pipeline found by name or created, and its stages (found by name within it, created in order).</summary>
public sealed record RequiredPipeline(string Name, IReadOnlyList<string> Stages);
