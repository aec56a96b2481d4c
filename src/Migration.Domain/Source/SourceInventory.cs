namespace Migration.Domain.Source;

// What Netmera's REST API cannot read, taken from inventory files the operator exports from the panel
// (docs/netmera-files.md). Nothing here moves into Pipedrive as records: it becomes handover inventories.

public sealed record SourceJourney(
    string Id, string Name, string? Status, string? EntryCondition, IReadOnlyList<string> Steps, IReadOnlyList<string> ConversionEvents);

public sealed record SourceWidget(string Id, string Name, string? Type, IReadOnlyList<WidgetAsset> Assets);

/// <summary>A widget's asset; kind is image or video, size in bytes.</summary>
public sealed record WidgetAsset(string Name, string Kind, long SizeBytes);

public sealed record SourceSurvey(string Id, string Name, string? Format, string? Trigger, IReadOnlyList<SurveyQuestion> Questions);

public sealed record SurveyQuestion(string Id, string Text, string? Type, IReadOnlyList<string> Options);

public sealed record SourceTag(string Name, long? UserCount);
