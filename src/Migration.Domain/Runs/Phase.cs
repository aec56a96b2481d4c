namespace Migration.Domain.Runs;

/// <summary>
/// The phases a run goes through, in order. Only phases that are built appear here: a phase a later
/// issue adds is absent from the run, not faked.
/// </summary>
public static class Phase
{
    public const string Discover = "discover";
    public const string GdprGate = "gdpr-gate";
    public const string Extract = "extract";

    /// <summary>Export files that are not users (events, push reports, inventories), staged for later phases.</summary>
    public const string ExtractFiles = "extract-files";

    /// <summary>Members of the Netmera segments that move as filters, staged for routing to persons.</summary>
    public const string ExtractSegments = "extract-segments";

    /// <summary>The field map proposed from Netmera's definitions and the staged values.</summary>
    public const string ProposeMapping = "mapping";
    public const string MappingGate = "mapping-gate";

    /// <summary>Pipedrive custom fields, options, labels, activity types and pipeline the approved map needs.</summary>
    public const string Schema = "schema";

    /// <summary>A few hundred persons through the production path, read back and compared field by field.</summary>
    public const string Sample = "sample";
    public const string SampleGate = "sample-gate";

    /// <summary>The distinct organizations the staged users name (rule in docs/transforms.md), staged in batches before the schema step.</summary>
    public const string PlanOrganizations = "plan-organizations";

    /// <summary>Organizations created before the persons that link to them.</summary>
    public const string LoadOrganizations = "load-organizations";
    public const string LoadPersons = "load-persons";

    /// <summary>The step after the mapping gate that routes every per-person export row to its person's batch.</summary>
    public const string RouteExtras = "route-extras";

    /// <summary>Event rows of the export files routed to their person's batch (summaries and activity events).</summary>
    public const string RouteEvents = "route-events";

    /// <summary>Push delivery rows routed to their person's batch (by External ID, else by installation).</summary>
    public const string RoutePushResults = "route-push-results";

    /// <summary>Tag assignments, survey answers and segment memberships routed to their person's batch.</summary>
    public const string RoutePersonRows = "route-person-rows";

    /// <summary>Where routing tallies the rows it set aside (no migrated person, event not moved): one row per unit and reason.</summary>
    public const string RouteSkipped = "route-skipped";

    /// <summary>One Pipedrive activity per significant event, with its original time.</summary>
    public const string LoadActivities = "load-activities";

    /// <summary>One Pipedrive person filter per moved Netmera segment, on the "Netmera segments" field.</summary>
    public const string LoadFilters = "load-filters";

    /// <summary>The segment → filter map written after the filters load (reports/segment-filter-map.md).</summary>
    public const string SegmentReport = "segment-report";

    /// <summary>The handover inventories written at the end of a run (reports/handover/, docs/handover.md).</summary>
    public const string Handover = "handover";

    /// <summary>Campaigns from every campaign file merged by key and staged in batches of 100 for the deals load.</summary>
    public const string PlanCampaigns = "plan-campaigns";

    /// <summary>One deal per campaign in the campaign pipeline.</summary>
    public const string LoadCampaigns = "load-campaigns";

    /// <summary>One "Campaign touchpoint" activity per campaign and person who engaged with it.</summary>
    public const string LoadTouchpoints = "load-touchpoints";

    /// <summary>Every loaded person (or a configured share of batches) read back and compared field by field.</summary>
    public const string VerifyPersons = "verify-persons";
    public const string Reconcile = "reconcile";
    public const string Completed = "completed";

    /// <summary>Where extraction files the users it set aside on purpose (merged, excluded): skipped, not rejected.</summary>
    public const string ExtractSkipped = "extract-skipped";

    /// <summary>
    /// Where the persons load files values it left out of a person it wrote (a wrong type, an unknown option):
    /// the person moved, the value did not, and the report says which and why (DESIGN §4.7).
    /// </summary>
    public const string ValuesDropped = "values-dropped";

    /// <summary>Phases that move records and therefore appear in the reconciliation report.</summary>
    public static IReadOnlyList<string> Reconciled { get; } = [Extract, ExtractFiles, RouteEvents, RoutePushResults, RoutePersonRows, LoadOrganizations, LoadPersons, LoadActivities, LoadCampaigns, LoadTouchpoints, LoadFilters];

    /// <summary>The phases in the order a run goes through them (gates a run may hold at in between are <see cref="AtGate"/>).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Discover, GdprGate, Extract, ExtractSegments, ProposeMapping, MappingGate, PlanOrganizations, RouteExtras, PlanCampaigns, Schema,
        Sample, SampleGate, LoadOrganizations, LoadPersons, VerifyPersons, LoadActivities, LoadCampaigns, LoadTouchpoints, LoadFilters,
        SegmentReport, Handover, Reconcile,
    ];

    /// <summary>The phase a run is in while it holds at a gate.</summary>
    public static string AtGate(string gate) => gate + "-gate";
}
