namespace Migration.Domain.Mapping;

/// <summary>
/// The mapping document: one line per source item, saying where it lands in Pipedrive, how its values
/// are transformed, how sure the proposal is and why. Version 1 is the automatic proposal; every
/// operator edit is kept as the next version. Nothing moves before a person approves a version, and
/// the approved version is frozen with the run. Deterministic: no clocks or random ids inside.
/// </summary>
public sealed record FieldMap(int Version, IReadOnlyList<MappingLine> Lines)
{
    /// <summary>The version this one was edited from; null for the proposal.</summary>
    public int? BasedOn { get; init; }

    /// <summary>Who edited it and why, for edited versions (the proposal has none).</summary>
    public string? EditedBy { get; init; }

    public string? EditNote { get; init; }

    /// <summary>Tag vocabulary above this many distinct tags goes to a multi-option field instead of labels.</summary>
    public int LabelThreshold { get; init; } = MappingOptions.DefaultLabelThreshold;

    /// <summary>
    /// Users the map gives no organization name belong to their email's domain, unless it is free mail or reserved
    /// (docs/transforms.md, "Organizations"). The run option <c>organizationsFromEmailDomain</c>, copied by the proposal.
    /// </summary>
    public bool OrganizationsFromEmailDomain { get; init; }

    public MappingLine? Line(string sourceId) => Lines.FirstOrDefault(l => l.SourceId == sourceId);
}

/// <summary>
/// One source item and its destination. <see cref="SourceId"/> is stable across versions
/// (<c>{kind}:{code}</c>, e.g. <c>profile:loyaltyPoints</c>, <c>device:token</c>, <c>survey:401/q2</c>,
/// <c>tags</c>, <c>event:n:ph</c>) so edits and diffs line up.
/// </summary>
public sealed record MappingLine(
    string SourceId,
    SourceItem Source,
    FieldTarget Target,
    string Transform,
    double Confidence,
    string Reason,
    IReadOnlyList<FieldTarget> Alternatives)
{
    /// <summary>A field group the target belongs to (e.g. "Device", "Survey: NPS"), shown together and named with that prefix.</summary>
    public string? Group { get; init; }

    /// <summary>Warnings a person should read before approving (e.g. "push tokens do not work outside Netmera").</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
}

/// <summary>
/// What is mapped, described the same way whatever its origin. <see cref="Kind"/> is one of
/// <see cref="SourceKinds"/>; <see cref="DataType"/> is Netmera's type name (STRING, INTEGER, DOUBLE,
/// DATE, BOOLEAN, ...), or the survey question's type, or "TAG"/"EVENT".
/// </summary>
public sealed record SourceItem(string Kind, string Code, string Name, string DataType, bool IsArray)
{
    /// <summary>Choices the source defines (survey options, tag vocabulary), in source order.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>What the item belongs to, when that names its field group: the survey's name for a survey question.</summary>
    public string? ParentName { get; init; }
}

public static class SourceKinds
{
    public const string Identity = "identity";      // ext id, email, msisdn
    public const string Profile = "profile";        // standard and custom profile attributes
    public const string Device = "device";          // platform, model, os, push token, permission
    public const string Survey = "survey";          // one question of one survey
    public const string Tags = "tags";              // the tag vocabulary as a whole
    public const string Segments = "segments";      // membership of the Netmera segments that move
    public const string Event = "event";            // an event type
    public const string Campaign = "campaign";      // a campaign attribute
}

/// <summary>
/// Where a source item lands. <see cref="Kind"/>: <c>standard</c> (a built-in field, <see cref="Name"/>
/// is its field code: name, emails, phones, owner_id, label_ids, ...), <c>custom</c> (a custom field
/// the schema step finds or creates by display name and type), <c>label</c> (person label options),
/// <c>activity-type</c> (events and campaign touchpoints), <c>summary</c> (high-frequency events
/// summarised into person fields), <c>deal</c> (campaign deal fields) or <c>none</c> (not moved;
/// the reason says where it goes instead, e.g. an inventory).
/// </summary>
public sealed record FieldTarget(string Entity, string Kind, string Name, string? FieldType)
{
    /// <summary>Options of enum/set fields and labels, in the order they are created.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public static FieldTarget NotMoved { get; } = new(TargetEntities.None, TargetKinds.None, "", null);
}

public static class TargetEntities
{
    public const string Person = "person";
    public const string Organization = "organization";
    public const string Deal = "deal";
    public const string Activity = "activity";
    public const string None = "none";
}

public static class TargetKinds
{
    public const string Standard = "standard";
    public const string Custom = "custom";
    public const string Label = "label";
    public const string ActivityType = "activity-type";
    public const string Summary = "summary";
    public const string None = "none";
}

/// <summary>Pipedrive's custom field types the map can produce (pipedrive-api.md §8).</summary>
public static class PipedriveFieldTypes
{
    public const string Varchar = "varchar";
    public const string Text = "text";
    public const string Double = "double";
    public const string Monetary = "monetary";
    public const string Date = "date";
    public const string Enum = "enum";
    public const string Set = "set";
    public const string Phone = "phone";
    public const string Time = "time";
    public const string Address = "address";

    public static IReadOnlyList<string> All { get; } = [Varchar, Text, Double, Monetary, Date, Enum, Set, Phone, Time, Address];

    public static bool HasOptions(string? type) => type is Enum or Set;
}

/// <summary>Knobs of the proposal; the run's options carry them.</summary>
public sealed record MappingOptions
{
    public const int DefaultLabelThreshold = 30;

    /// <summary>Tag vocabularies up to this size become person labels; larger ones a multi-option field.</summary>
    public int LabelThreshold { get; init; } = DefaultLabelThreshold;

    /// <summary>Whether an email's domain names the organization of a user the map gives none (<see cref="FieldMap.OrganizationsFromEmailDomain"/>).</summary>
    public bool OrganizationsFromEmailDomain { get; init; }
}
