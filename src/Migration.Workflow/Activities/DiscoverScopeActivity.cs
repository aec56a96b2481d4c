using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain;
using Migration.Domain.Runs;
using Migration.Netmera;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Reads the Netmera side's definitions and counts (the segment to migrate, the profile attribute
/// definitions) and writes them to the run's <c>scope.json</c>. Fails with a reason the operator can
/// act on when the segment cannot be migrated.
/// </summary>
public sealed partial class DiscoverScopeActivity(
    NetmeraClientFactory netmera, StagingStore staging, TimeProvider time, ILogger<DiscoverScopeActivity> log)
    : MigrationActivity<MigrationPlan, DiscoverResult>(log)
{
    public const string ScopeArtifact = "scope.json";

    protected override async Task<DiscoverResult> PerformAsync(MigrationPlan plan, CancellationToken cancellationToken)
    {
        var client = netmera.Create(plan.NetmeraConnection);
        var segments = await client.GetSegmentsAsync(cancellationToken).ConfigureAwait(false);
        var segment = segments.FirstOrDefault(s => s.Id == plan.SegmentId)
            ?? throw new OperatorActionRequiredException(
                $"Segment {plan.SegmentId} is not among the {segments.Count} segments Netmera lists (only active, fully calculated segments are listed). " +
                "Check the segment id, or wait for the segment to finish calculating.");
        if (!segment.IsListable)
            throw new OperatorActionRequiredException(
                $"Segment {plan.SegmentId} is a {segment.Type}; Netmera cannot list the members of connector segments. Use a STANDARD segment.");

        var attributes = await client.GetProfileAttributeDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var scope = new
        {
            runId = plan.RunId,
            generatedAt = time.GetUtcNow(),
            segment = new { id = segment.Id, name = segment.Name, type = segment.Type, userCount = segment.UserCount },
            segmentsListed = segments.Count,
            profileAttributes = new
            {
                standard = attributes.Count(a => !a.IsCustom),
                custom = attributes.Count(a => a.IsCustom),
                definitions = attributes.Select(a => new { a.Code, a.Name, a.DataType, a.IsCustom, a.IsArray }),
            },
            notYetDiscovered = new[] { "coverage against known users", "data-quality findings", "EU user count", "events, campaigns, journeys" },
        };
        await staging.WriteArtifactAsync(plan.RunId, ScopeArtifact,
            JsonSerializer.Serialize(scope, ApiJson.Indented), "application/json", cancellationToken).ConfigureAwait(false);

        LogDiscovered(log, plan.RunId, segment.Id, segment.UserCount, attributes.Count);
        return new DiscoverResult(segment.Id, segment.Name ?? $"segment {segment.Id}", segment.UserCount, attributes.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: segment {SegmentId} has {UserCount} users; {AttributeCount} profile attribute definitions")]
    private static partial void LogDiscovered(ILogger logger, string runId, long segmentId, long? userCount, int attributeCount);
}
