namespace Migration.Sandbox.Pipedrive;

/// <summary>The built-in fields a fresh company has, per entity, as v2 /&lt;entity&gt;Fields lists them.</summary>
internal static class BuiltInFields
{
    private static readonly FieldOption[] Visibility =
        [.. new[] { "1", "3", "5", "7" }.Select(v => new FieldOption(v, $"Visibility {v}", null, null, null))];

    public static List<FieldDefinition> Person(IReadOnlyList<FieldOption> labels) =>
    [
        new("name", "Name", "varchar", false, null, null),
        new("first_name", "First name", "varchar", false, null, null),
        new("last_name", "Last name", "varchar", false, null, null),
        new("owner_id", "Owner", "user", false, null, null),
        new("org_id", "Organization", "org", false, null, null),
        new("emails", "Email", "varchar", false, null, null),
        new("phones", "Phone", "phone", false, null, null),
        new("label_ids", "Labels", "set", false, labels, null),
        new("visible_to", "Visible to", "visible_to", false, Visibility, null),
        new("add_time", "Person created", "date", false, null, null),
        new("update_time", "Update time", "date", false, null, null),
        new("picture_id", "Profile picture", "picture", false, null, null),
        new("open_deals_count", "Open deals", "int", false, null, null, IsOptionalResponse: true),
    ];

    public static List<FieldDefinition> Organization(IReadOnlyList<FieldOption> labels, IReadOnlyList<FieldOption> industries) =>
    [
        new("name", "Name", "varchar", false, null, null),
        new("owner_id", "Owner", "user", false, null, null),
        new("label_ids", "Labels", "set", false, labels, null),
        new("visible_to", "Visible to", "visible_to", false, Visibility, null),
        new("address", "Address", "address", false, null, FieldTypes.SubfieldsFor("address", "address")),
        new("website", "Website", "varchar", false, null, null),
        new("linkedin", "LinkedIn profile", "varchar", false, null, null),
        new("industry", "Industry", "enum", false, industries, null),
        new("annual_revenue", "Annual revenue", "int", false, null, null),
        new("employee_count", "Number of employees", "int", false, null, null),
        new("add_time", "Organization created", "date", false, null, null),
        new("update_time", "Update time", "date", false, null, null),
        new("people_count", "People", "int", false, null, null, IsOptionalResponse: true),
    ];

    public static List<FieldDefinition> Deal(IReadOnlyList<FieldOption> labels) =>
    [
        new("title", "Title", "varchar", false, null, null, Description: "The title or name of the deal"),
        new("value", "Value", "monetary", false, null,
            [new("value", "Amount of Value", "double"), new("currency", "Currency of Value", "varchar")], Description: "The monetary value of the deal"),
        new("owner_id", "Owner", "user", false, null, null),
        new("person_id", "Contact person", "people", false, null, null),
        new("org_id", "Organization", "org", false, null, null),
        new("pipeline_id", "Pipeline", "int", false, null, null),
        new("stage_id", "Stage", "stage", false, null, null),
        new("status", "Status", "status", false,
            [.. new[] { ("open", "Open"), ("won", "Won"), ("lost", "Lost") }.Select(s => new FieldOption(s.Item1, s.Item2, null, null, null))], null),
        new("probability", "Probability", "double", false, null, null),
        new("expected_close_date", "Expected close date", "date", false, null, null),
        new("label_ids", "Labels", "set", false, labels, null),
        new("visible_to", "Visible to", "visible_to", false, Visibility, null),
        new("lost_reason", "Lost reason", "varchar_options", false, null, null),
        new("won_time", "Won time", "date", false, null, null),
        new("lost_time", "Lost time", "date", false, null, null),
        new("close_time", "Deal closed on", "date", false, null, null),
        new("add_time", "Deal created", "date", false, null, null),
        new("update_time", "Update time", "date", false, null, null),
    ];

    public static List<FieldDefinition> Activity(IReadOnlyList<FieldOption> priorities) =>
    [
        new("subject", "Subject", "varchar", false, null, null, Description: "The subject or title of the activity"),
        new("type", "Type", "varchar_options", false, null, null),
        new("owner_id", "Assigned to user", "user", false, null, null),
        new("due_date", "Due date", "date", false, null, null),
        new("due_time", "Due time", "time", false, null, null),
        new("duration", "Duration", "time", false, null, null),
        new("busy", "Free/busy", "boolean", false, null, null),
        new("done", "Done", "boolean", false, null, null),
        new("deal_id", "Deal", "deal", false, null, null),
        new("person_id", "Contact person", "people", false, null, null),
        new("org_id", "Organization", "org", false, null, null),
        new("location", "Location", "address", false, null, FieldTypes.SubfieldsFor("location", "address")),
        new("public_description", "Public description", "text", false, null, null),
        new("note", "Note", "text", false, null, null),
        new("priority", "Priority", "enum", false, priorities, null),
        new("add_time", "Add time", "date", false, null, null),
        new("update_time", "Update time", "date", false, null, null),
    ];
}
