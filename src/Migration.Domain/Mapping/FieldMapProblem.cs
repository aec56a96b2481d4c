namespace Migration.Domain.Mapping;

/// <summary>
/// Something in a map (or an edit of it) an operator must fix before it can be approved: the line it is
/// about (null for the map as a whole, e.g. too many custom fields for the plan), a short code and what to do.
/// </summary>
public sealed record FieldMapProblem(string? SourceId, string Code, string Reason);

/// <summary>Codes of <see cref="FieldMapProblem"/>.</summary>
public static class FieldMapProblemCodes
{
    public const string UnknownEntity = "unknown_entity";
    public const string UnknownKind = "unknown_kind";
    public const string UnknownStandardField = "unknown_standard_field";
    public const string UnknownFieldType = "unknown_field_type";
    public const string UnknownTransform = "unknown_transform";
    public const string UnknownSource = "unknown_source";
    public const string MissingName = "missing_name";
    public const string TypeClash = "type_clash";
    public const string MissingOptions = "missing_options";
    public const string BadOptions = "bad_options";
    public const string ReservedField = "reserved_field";
    public const string OverPlanCap = "over_plan_cap";
    public const string StaleVersion = "stale_version";
    public const string MissingEditor = "missing_editor";
    public const string DuplicateChange = "duplicate_change";
}
