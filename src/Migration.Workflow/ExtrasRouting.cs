using System.Globalization;
using System.Text.Json;
using Migration.Domain.Runs;
using Migration.Domain.Staging;
using Migration.Storage;

namespace Migration.Workflow;

/// <summary>A source of per-person rows the route-extras step reads: its kind (<see cref="RouteUnitKinds"/>) and staged blob.</summary>
public sealed record RouteUnit(string Kind, string Blob);

public static class RouteUnitKinds
{
    public const string Events = "events";
    public const string PushResults = "push-results";
    public const string TagAssignments = "tag-assignments";
    public const string SurveyAnswers = "survey-answers";
    public const string SegmentMembers = "segment-members";

    /// <summary>The reconciliation phase a kind's rows are counted in.</summary>
    public static string PhaseOf(string kind) => kind switch
    {
        Events => Phase.RouteEvents,
        PushResults => Phase.RoutePushResults,
        _ => Phase.RoutePersonRows,
    };
}

/// <summary>Why routing set a row aside (tallied per unit in <see cref="Phase.RouteSkipped"/>, never one row per event).</summary>
public static class RouteSkipReasons
{
    public const string UserNotStaged = "user_not_staged";
    public const string AnonymousInstallation = "anonymous_installation";
    public const string EventNotMoved = "event_not_moved";

    public static string Describe(string reason) => reason switch
    {
        UserNotStaged => "the External ID is no staged person (outside the segment, left in Netmera by the GDPR gate, or not extracted)",
        AnonymousInstallation => "no External ID, and the installation belongs to no staged person",
        EventNotMoved => "the approved map neither summarises this event nor makes it an activity",
        _ => reason,
    };
}

/// <summary>
/// Where the route-extras step keeps its working blobs under the run's prefix (<c>route/…</c>), and how it reads them. The
/// unit list and the activity-batch table are written once and then read by every unit or batch, so they are read frozen.
/// </summary>
internal static class ExtrasRouting
{
    public const string UnitsPath = "route/units.json";
    public const string IndexPath = "route/index.ndjson.gz";

    public static string RangeIndexPath(int range) => $"route/index/{Key(range)}.ndjson.gz";

    public static string PartsFolder(int range) => $"route/parts/{Key(range)}/";

    public static string PartPath(int range, int unit) => $"{PartsFolder(range)}{Key(unit)}.ndjson.gz";

    public static string UnitKey(int unit) => "unit-" + Key(unit);

    public static string MergeKey(int range) => "merge-" + Key(range);

    public static async Task<IReadOnlyList<RouteUnit>> ReadUnitsAsync(StagingStore staging, string runId, CancellationToken cancellationToken)
    {
        var artifact = await staging.ReadFrozenArtifactAsync(runId, UnitsPath, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} has no routing plan; PlanRoutingActivity writes it first.");
        return JsonSerializer.Deserialize<List<RouteUnit>>(artifact.Content, StorageJson.Options)!;
    }

    public static async Task<ActivityEvents> ReadActivityTableAsync(StagingStore staging, string runId, CancellationToken cancellationToken)
    {
        var artifact = await staging.ReadFrozenArtifactAsync(runId, ActivityEvents.TablePath, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} has no activity batches; the route-extras step writes them first.");
        return JsonSerializer.Deserialize<ActivityEvents>(artifact.Content, StorageJson.Options)!;
    }

    private static string Key(int number) => number.ToString("D6", CultureInfo.InvariantCulture);
}
