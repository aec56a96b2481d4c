namespace Migration.Domain.Mapping;

/// <summary>
/// Pipedrive's built-in fields a map line may target, by entity (pipedrive-api.md §7), with the kind of
/// value each takes. A standard target outside this list is refused by the validator.
/// </summary>
public static class StandardFields
{
    /// <summary>Value kinds of built-in fields: which transforms can feed them.</summary>
    public const string Text = "text";
    public const string EmailList = "emails";
    public const string PhoneList = "phones";
    public const string User = "user";
    public const string Reference = "reference";
    public const string Labels = "labels";
    public const string Choice = "choice";
    public const string Number = "number";
    public const string Date = "date";

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Known =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            [TargetEntities.Person] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = Text, ["first_name"] = Text, ["last_name"] = Text, ["emails"] = EmailList, ["phones"] = PhoneList,
                ["owner_id"] = User, ["org_id"] = Reference, ["label_ids"] = Labels,
            },
            [TargetEntities.Organization] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = Text, ["owner_id"] = User, ["label_ids"] = Labels, ["address"] = Text, ["website"] = Text,
            },
            [TargetEntities.Deal] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["title"] = Text, ["value"] = Number, ["currency"] = Text, ["status"] = Choice, ["stage_id"] = Choice,
                ["pipeline_id"] = Choice, ["expected_close_date"] = Date, ["owner_id"] = User, ["person_id"] = Reference,
                ["org_id"] = Reference, ["probability"] = Number, ["lost_reason"] = Text, ["label_ids"] = Labels,
            },
            [TargetEntities.Activity] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["subject"] = Text, ["type"] = Choice, ["due_date"] = Date, ["note"] = Text, ["owner_id"] = User,
            },
        };

    /// <summary>The value kind of a built-in field, or null when the entity has no such field.</summary>
    public static string? KindOf(string entity, string code) =>
        Known.TryGetValue(entity, out var fields) && fields.TryGetValue(code, out var kind) ? kind : null;

    public static IReadOnlyList<string> Codes(string entity) =>
        Known.TryGetValue(entity, out var fields) ? fields.Keys.Order(StringComparer.Ordinal).ToArray() : [];
}
