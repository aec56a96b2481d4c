using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Migration.Domain;
using Migration.Domain.Discovery;
using Migration.Domain.Reports;
using Migration.Domain.Runs;
using Migration.Netmera;
using Migration.Netmera.Exports;
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
    NetmeraClientFactory netmera, NetmeraExportCatalog catalog, StagingStore staging, TimeProvider time, ILogger<DiscoverScopeActivity> log)
    : MigrationActivity<MigrationPlan, DiscoverResult>(log)
{
    protected override async Task<DiscoverResult> PerformAsync(MigrationPlan plan, CancellationToken cancellationToken)
    {
        var client = netmera.Create(plan.NetmeraConnection);
        var segments = await client.GetSegmentsAsync(cancellationToken).ConfigureAwait(false);
        NetmeraSegment? segment = null;
        if (plan.SegmentId is { } segmentId)
        {
            segment = segments.FirstOrDefault(s => s.Id == segmentId)
                ?? throw new OperatorActionRequiredException(
                    $"Segment {segmentId} is not among the {segments.Count} segments Netmera lists (only active, fully calculated segments are listed). " +
                    "Check the segment id, or wait for the segment to finish calculating.");
            if (!segment.IsListable)
                throw new OperatorActionRequiredException(
                    $"Segment {segmentId} is a {segment.Type}; Netmera cannot list the members of connector segments. Use a STANDARD segment.");
        }
        var files = plan.ImportFolder is { } folder ? await IdentifyFilesAsync(folder, cancellationToken).ConfigureAwait(false) : [];
        if (plan.ImportFolder is not null && files.Count == 0)
            throw new OperatorActionRequiredException($"The import folder imports/{plan.ImportFolder}/ holds no files. Upload the Netmera exports there, then resume the run.");
        if (segment is null && !files.Any(f => f.Kind == ImportFile.PanelUsers))
            throw new OperatorActionRequiredException(
                $"No users to migrate: the run names no segment and imports/{plan.ImportFolder}/ holds no panel user export (see scope.md for how each file was read).");

        var attributes = await client.GetProfileAttributeDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var events = await client.GetEventDefinitionsAsync(cancellationToken).ConfigureAwait(false);

        // Everyone Netmera knows: an empty targeting query counts the whole population.
        var known = await client.CountUsersAsync(new JsonObject(), cancellationToken).ConfigureAwait(false);
        // Without a segment the users come from a panel export, whose coverage is the operator's choice.
        var segmentUsers = segment?.UserCount ?? known;
        var coverage = new CoverageCheck(segmentUsers, known, segment is null ? 0 : plan.Options.CoverageThreshold);

        // EU/EEA users by the country attribute (code or English name, whichever the app stores).
        var country = attributes.FirstOrDefault(a => string.Equals(a.Name, "country", StringComparison.OrdinalIgnoreCase)
                                                  || string.Equals(a.Code, "country", StringComparison.OrdinalIgnoreCase));
        var byCountry = country is null
            ? new Dictionary<string, long>()
            : await client.CountUsersByAsync(new NetmeraGroupBy(country.Code, null), null, cancellationToken).ConfigureAwait(false);
        var euUsers = byCountry.Where(c => EuropeanEconomicArea.Contains(c.Key)).Sum(c => c.Value);

        var quality = new DataQualityFindings();
        if (plan.Options.DiscoverySampleSize > 0 && segment is not null)
        {
            await foreach (var page in client.GetSegmentUserPagesAsync(segment.Id, plan.Options.SegmentPageSize, cancellationToken).ConfigureAwait(false))
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
            SegmentId = segment?.Id,
            SegmentName = segment is null ? $"panel user exports in imports/{plan.ImportFolder}/" : segment.Name ?? $"segment {segment.Id}",
            SegmentType = segment?.Type ?? "files",
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
            Files = files.Select(f => new ScopeFile(f.Name, f.Kind, f.Reason)).ToList(),
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

        LogDiscovered(log, plan.RunId, segment?.Id, segmentUsers, known, euUsers);
        if (!coverage.Passes)
            throw new OperatorActionRequiredException(coverage.Explain() + " See scope.md.");
        return new DiscoverResult(segment?.Id, scope.SegmentName, segmentUsers, known, euUsers, attributes.Count) { Files = files };
    }

    /// <summary>The import folder's files, each recognised by name and header, or with the reason it is not read.</summary>
    private async Task<IReadOnlyList<ImportFile>> IdentifyFilesAsync(string folder, CancellationToken cancellationToken)
    {
        var files = new List<ImportFile>();
        foreach (var name in await staging.ListImportsAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            await using var stream = await staging.OpenImportAsync(folder, name, cancellationToken).ConfigureAwait(false);
            var identity = await catalog.IdentifyAsync(name, stream, cancellationToken).ConfigureAwait(false);
            files.Add(identity.IsRecognised
                ? new ImportFile(name, identity.Kind.ToString(), null)
                : new ImportFile(name, ImportFile.Unrecognised, identity.Reason));
        }
        return files;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: segment {SegmentId} holds {SegmentUsers} of {KnownUsers} known users; {EuUsers} EU/EEA users")]
    private static partial void LogDiscovered(ILogger logger, string runId, long? segmentId, long segmentUsers, long knownUsers, long euUsers);
}
