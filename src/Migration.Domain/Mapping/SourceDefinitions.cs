using Migration.Domain.Source;

namespace Migration.Domain.Mapping;

/// <summary>
/// What Netmera defines for an app, as discovery and the inventory files read it: the inputs of
/// <see cref="SourceItems.From"/>. Every list may be empty (a source that could not be read).
/// </summary>
public sealed record SourceDefinitions
{
    /// <summary>Profile attribute definitions, standard and custom (<c>app/profile-attributes</c>).</summary>
    public IReadOnlyList<SourceAttributeDefinition> Attributes { get; init; } = [];

    public IReadOnlyList<SourceEventDefinition> Events { get; init; } = [];

    public IReadOnlyList<SourceSurvey> Surveys { get; init; } = [];

    /// <summary>The tag vocabulary of a tag inventory, when there is one; tags seen on users are added from the profile.</summary>
    public IReadOnlyList<SourceTag> Tags { get; init; } = [];

    /// <summary>Names of the Netmera segments whose members were read (<c>staged/segments.json</c>), in Netmera's order.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Campaigns, for the metric and detail names they carry and the type and status values they use.</summary>
    public IReadOnlyList<SourceCampaign> Campaigns { get; init; } = [];
}
