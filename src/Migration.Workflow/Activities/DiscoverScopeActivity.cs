using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Migration.Domain;
using Migration.Domain.Discovery;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Netmera;
using Migration.Storage;
using Migration.Workflow.Api;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Discover phase: the segment and its coverage of every user Netmera knows, EU/EEA users (for the
/// GDPR gate), definitions and counts, and data-quality findings from a sample of the segment's
/// listing. Writes <c>scope.json</c> and <c>scope.md</c>. Stops the run, with a reason the operator
/// can act on, when the segment cannot be migrated or misses too many users.
/// </summary>
public sealed partial class DiscoverScopeActivity(
    NetmeraClientFactory netmera, StagingStore staging, TimeProvider time, ILogger<DiscoverScopeActivity> log)
    : MigrationActivity<MigrationPlan, DiscoverResult>(log)
{
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
        var events = await client.GetEventDefinitionsAsync(cancellationToken).ConfigureAwait(false);

        // Everyone Netmera knows: an empty targeting query counts the whole population.
        var known = await client.CountUsersAsync(new JsonObject(), cancellationToken).ConfigureAwait(false);
        var segmentUsers = segment.UserCount ?? 0;
        var coverage = new CoverageCheck(segmentUsers, known, plan.Options.CoverageThreshold);

        // EU/EEA users by the country attribute (code or English name, whichever the app stores).
        var country = attributes.FirstOrDefault(a => string.Equals(a.Name, "country", StringComparison.OrdinalIgnoreCase)
                                                  || string.Equals(a.Code, "country", StringComparison.OrdinalIgnoreCase));
        var byCountry = country is null
            ? new Dictionary<string, long>()
            : await client.CountUsersByAsync(new NetmeraGroupBy(country.Code, null), null, cancellationToken).ConfigureAwait(false);
        var euUsers = byCountry.Where(c => EuropeanEconomicArea.Contains(c.Key)).Sum(c => c.Value);

        var quality = new DataQualityFindings();
        if (plan.Options.DiscoverySampleSize > 0)
        {
            await foreach (var page in client.GetSegmentUserPagesAsync(plan.SegmentId, plan.Options.SegmentPageSize, cancellationToken).ConfigureAwait(false))
            {
                foreach (var member in page.List ?? [])
                    quality.Examine(member.ExternalId, member.Email, member.Msisdn);
                if (quality.Examined >= plan.Options.DiscoverySampleSize)
                    break;
            }
        }

        var installations = await client.GetDeviceTokensPageAsync(1, null, cancellationToken).ConfigureAwait(false);
        var scope = new ScopeReport
        {
            RunId = plan.RunId,
            GeneratedAt = time.GetUtcNow(),
            SegmentId = segment.Id,
            SegmentName = segment.Name ?? $"segment {segment.Id}",
            SegmentType = segment.Type,
            SegmentUsers = segmentUsers,
            KnownUsers = known,
            Coverage = coverage.Ratio,
            CoverageThreshold = coverage.Threshold,
            CoveragePasses = coverage.Passes,
            EuUsers = euUsers,
            UsersByCountry = byCountry,
            ProfileAttributes = attributes,
            EventDefinitions = events,
            Counts = new Dictionary<string, long>
            {
                ["segments listed"] = segments.Count,
                ["users in the segment"] = segmentUsers,
                ["users Netmera knows"] = known,
                ["installations (Netmera's estimate)"] = installations.Total ?? 0,
                ["profile attribute definitions"] = attributes.Count,
                ["event definitions"] = events.Count,
            },
            QualitySampleSize = quality.Examined,
            Quality = ScopeReport.From(quality),
            NotCovered =
            [
                "duplicates by device id: known only once devices are read (extraction merges them; see skipped-extract.csv)",
                "event history, campaigns, journeys, widgets, surveys: Netmera's REST API cannot list them; they come from export files",
            ],
        };
        await staging.WriteArtifactAsync(plan.RunId, RunReports.Scope.Path, JsonSerializer.Serialize(scope, ApiJson.Indented), RunReports.Scope.ContentType, cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(plan.RunId, RunReports.ScopeMarkdown.Path, scope.ToMarkdown(), RunReports.ScopeMarkdown.ContentType, cancellationToken).ConfigureAwait(false);

        LogDiscovered(log, plan.RunId, segment.Id, segmentUsers, known, euUsers);
        if (!coverage.Passes)
            throw new OperatorActionRequiredException(coverage.Explain() + " See scope.md.");
        return new DiscoverResult(segment.Id, scope.SegmentName, segmentUsers, known, euUsers, attributes.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: segment {SegmentId} holds {SegmentUsers} of {KnownUsers} known users; {EuUsers} EU/EEA users")]
    private static partial void LogDiscovered(ILogger logger, string runId, long segmentId, long segmentUsers, long knownUsers, long euUsers);
}
