using System.Net.Http.Json;
using System.Text.Json;
using Migration.Domain.Mapping;

namespace Migration.Pipedrive.Tests;

/// <summary>Field maps for the schema tests, and the simulator's snapshot for "nothing changed" checks.</summary>
internal static class SchemaMaps
{
    public const string EnumField = "RT enum";
    public const string SetField = "RT set";

    public static IReadOnlyList<string> EnumOptions { get; } = ["Gold", "Silver", "Bronze"];
    public static IReadOnlyList<string> SetOptions { get; } = ["News", "Offers", "Sports"];

    /// <summary>The person field name the round-trip map gives each type: "RT varchar", "RT text", ...</summary>
    public static string FieldFor(string fieldType) => $"RT {fieldType}";

    private static string[] OptionsFor(string type) =>
        type == PipedriveFieldTypes.Enum ? [.. EnumOptions] : type == PipedriveFieldTypes.Set ? [.. SetOptions] : [];

    public static MappingLine Line(string sourceId, string sourceKind, FieldTarget target) =>
        new(sourceId, new SourceItem(sourceKind, sourceId, sourceId, "STRING", false), target, "copy", 0.9, "test", []);

    public static MappingLine Custom(string entity, string name, string fieldType, params string[] options) =>
        Line($"profile:{name}", SourceKinds.Profile, new FieldTarget(entity, TargetKinds.Custom, name, fieldType) { Options = options });

    /// <summary>
    /// One person field of every type a map line can target, labels (one of them a default label the account
    /// already has), an event activity type, a summarised event, a campaign deal field and an organization field.
    /// </summary>
    public static FieldMap RoundTrip() => new(1,
    [
        .. PipedriveFieldTypes.All.Select(type => Custom(TargetEntities.Person, FieldFor(type), type, OptionsFor(type))),
        Line("profile:name", SourceKinds.Profile, new FieldTarget(TargetEntities.Person, TargetKinds.Standard, "name", null)),
        Line("tags", SourceKinds.Tags, new FieldTarget(TargetEntities.Person, TargetKinds.Label, "Labels", null) { Options = ["VIP", "Customer", "Churn risk"] }),
        Line("event:n:purchase", SourceKinds.Event, new FieldTarget(TargetEntities.Activity, TargetKinds.ActivityType, "Purchase", null)),
        Line("event:n:pageview", SourceKinds.Event, new FieldTarget(TargetEntities.Person, TargetKinds.Summary, "Page view", null)),
        Line("campaign:channel", SourceKinds.Campaign, new FieldTarget(TargetEntities.Deal, TargetKinds.Custom, "Campaign channel", PipedriveFieldTypes.Varchar)),
        Custom(TargetEntities.Organization, "Org segment", PipedriveFieldTypes.Varchar),
        Line("device:token", SourceKinds.Device, FieldTarget.NotMoved),
    ]);

    /// <summary>The simulator's whole state in vendor shapes: byte-identical when nothing changed.</summary>
    public static async Task<string> Snapshot(PipedriveAccount account)
    {
        using var http = new HttpClient { BaseAddress = account.Address };
        return await http.GetStringAsync("/_sandbox/snapshot");
    }

    public static async Task<int> CustomFieldCount(PipedriveAccount account)
    {
        using var http = new HttpClient { BaseAddress = account.Address };
        var stats = await http.GetFromJsonAsync<JsonElement>("/_sandbox/stats");
        return stats.GetProperty("customFields").GetInt32();
    }
}
