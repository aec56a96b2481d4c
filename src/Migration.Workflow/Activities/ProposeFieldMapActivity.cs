using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Mapping;
using Migration.Domain.Source;
using Migration.Domain.Staging;
using Migration.Netmera;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Proposes the field map (version 1) from what Netmera defines (profile attributes, events; surveys,
/// tags and campaigns from the import folder's inventories) and a profile of the staged values (types
/// seen, lengths, distinct counts, null shares) over the first <c>ProfileBatches</c> batches. Writes
/// the value profile beside it, so a person can see what the proposal saw. Proposed once per run.
/// </summary>
public sealed partial class ProposeFieldMapActivity(
    NetmeraClientFactory netmera, StagingStore staging, MappingStore mappings, ILogger<ProposeFieldMapActivity> log)
    : MigrationActivity<ProposeMappingInput, MappingSummary>(log)
{
    public const string ProfilePath = "mapping/value-profile.json";

    /// <summary>Event chunks (10,000 events each) read to tell high-frequency events from significant ones.</summary>
    public const int ProfiledEventChunks = 20;

    protected override async Task<MappingSummary> PerformAsync(ProposeMappingInput input, CancellationToken cancellationToken)
    {
        if (await mappings.GetVersionAsync(input.RunId, 1, cancellationToken).ConfigureAwait(false) is { } proposed)
            return Summarise(proposed, await ProfiledUsersAsync(input.RunId, cancellationToken).ConfigureAwait(false));

        var client = netmera.Create(input.NetmeraConnection);
        var definitions = new SourceDefinitions
        {
            Attributes = await client.GetProfileAttributeDefinitionsAsync(cancellationToken).ConfigureAwait(false),
            Events = await client.GetEventDefinitionsAsync(cancellationToken).ConfigureAwait(false),
            Surveys = await InventoryAsync<SourceSurvey>(input.RunId, "surveys", cancellationToken).ConfigureAwait(false),
            Tags = await InventoryAsync<SourceTag>(input.RunId, "tags", cancellationToken).ConfigureAwait(false),
            Campaigns = await InventoryAsync<SourceCampaign>(input.RunId, "campaigns", cancellationToken).ConfigureAwait(false),
            Segments = (await Segments.StagedSegmentsFile.ReadAsync(staging, input.RunId, cancellationToken).ConfigureAwait(false))?.Moved.Select(s => s.Name).ToList() ?? [],
        };

        var profiler = new ValueProfiler();
        for (var batch = 0; batch < Math.Min(input.BatchCount, input.ProfileBatches); batch++)
        {
            foreach (var user in await staging.ReadBatchAsync(input.RunId, StagedBatch.Name(StagedBatch.Persons, batch), cancellationToken).ConfigureAwait(false))
                profiler.Add(user);
        }
        foreach (var chunk in (await staging.ListArtifactsAsync(input.RunId, "staged/events/", cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal).Take(ProfiledEventChunks))
        {
            foreach (var e in await staging.ReadLinesAsync<SourceEvent>(input.RunId, chunk, cancellationToken).ConfigureAwait(false))
                profiler.AddEvent(e.ExtId, e.Name);
        }
        var profiles = profiler.Build();

        var map = FieldMapProposal.Propose(SourceItems.From(definitions, profiles), profiles, new MappingOptions
        {
            LabelThreshold = input.LabelThreshold,
            OrganizationsFromEmailDomain = input.OrganizationsFromEmailDomain,
        });
        await staging.WriteArtifactAsync(input.RunId, ProfilePath,
            JsonSerializer.Serialize(new { users = profiler.Users, profiles }, ApiJson.Indented), ApiResult.Json, cancellationToken).ConfigureAwait(false);
        if (!await mappings.TryAddVersionAsync(input.RunId, map, cancellationToken).ConfigureAwait(false))
            map = (await mappings.GetVersionAsync(input.RunId, 1, cancellationToken).ConfigureAwait(false))!;

        var summary = Summarise(map, profiler.Users);
        LogProposed(log, input.RunId, summary.Lines, summary.CustomFields, summary.Flagged, summary.ProfiledUsers);
        return summary;
    }

    private async Task<IReadOnlyList<T>> InventoryAsync<T>(string runId, string inventory, CancellationToken cancellationToken)
    {
        var records = new List<T>();
        foreach (var name in await staging.ListArtifactsAsync(runId, $"staged/inventory/{inventory}-", cancellationToken).ConfigureAwait(false))
            records.AddRange(await staging.ReadLinesAsync<T>(runId, name, cancellationToken).ConfigureAwait(false));
        return records;
    }

    private async Task<long> ProfiledUsersAsync(string runId, CancellationToken cancellationToken) =>
        await staging.ReadArtifactAsync(runId, ProfilePath, cancellationToken).ConfigureAwait(false) is { } profile
            ? JsonDocument.Parse(profile.Content).RootElement.GetProperty("users").GetInt64()
            : 0;

    private static MappingSummary Summarise(FieldMap map, long profiledUsers) => new(
        map.Version,
        map.Lines.Count,
        SchemaRequirements.From(map).Fields.Count,
        map.Lines.Count(l => l.Flags.Count > 0 || l.Confidence < 0.8),
        (int)Math.Min(int.MaxValue, profiledUsers));

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: field map proposed with {Lines} lines, {CustomFields} custom fields, {Flagged} flagged, from {Users} profiled users")]
    private static partial void LogProposed(ILogger logger, string runId, int lines, int customFields, int flagged, long users);
}
