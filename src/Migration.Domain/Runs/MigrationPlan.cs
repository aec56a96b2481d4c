namespace Migration.Domain.Runs;

/// <summary>
/// What one migration run does, as the orchestrator receives it. Connections are named, never carried:
/// the host resolves a name to an endpoint and a key from configuration, so no secret enters history.
/// </summary>
public sealed record MigrationPlan
{
    public required string RunId { get; init; }

    /// <summary>Name of the Netmera connection in configuration (<c>Netmera:Connections:{name}</c>).</summary>
    public required string NetmeraConnection { get; init; }

    /// <summary>
    /// The frozen "full population" segment whose members are migrated, when users come from Netmera's
    /// REST API. Without one, users come from panel user exports in <see cref="ImportFolder"/>.
    /// </summary>
    public long? SegmentId { get; init; }

    /// <summary>
    /// A folder of Netmera export files uploaded to the run storage (<c>imports/{folder}/</c>): panel
    /// user exports (when no segment is given), event data, push reports and inventories.
    /// </summary>
    public string? ImportFolder { get; init; }

    /// <summary>Name of the Pipedrive connection in configuration (<c>Pipedrive:Connections:{name}</c>).</summary>
    public required string PipedriveConnection { get; init; }

    public RunOptions Options { get; init; } = new();
}

/// <summary>Tuning a run may override; the defaults suit a Growth plan and a local run.</summary>
public sealed record RunOptions
{
    /// <summary>Records per staged batch. 100 keeps one batch's ledger rows inside one table transaction.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Segment members read per Netmera page (Netmera allows 100 to 1,000).</summary>
    public int SegmentPageSize { get; init; } = 1000;

    /// <summary>Load activities in flight at once per phase.</summary>
    public int MaxParallelBatches { get; init; } = 4;

    /// <summary>Concurrent Netmera reads inside one extract activity.</summary>
    public int ExtractConcurrency { get; init; } = 8;

    /// <summary>The share of Netmera's known users the segment must hold, or the run stops (DESIGN §1).</summary>
    public double CoverageThreshold { get; init; } = 0.95;

    /// <summary>Segment members discovery examines for data-quality findings before anything moves.</summary>
    public int DiscoverySampleSize { get; init; } = 5_000;

    /// <summary>
    /// Activities one orchestration history holds before it continues as new, so no history grows
    /// past a few thousand events however large the run.
    /// </summary>
    public int TasksPerGeneration { get; init; } = 200;

    /// <summary>
    /// The share of a phase's records that may be rejected before the run holds at that phase's
    /// reconciliation gate for a person to accept the rejects (0.02 means 2 %).
    /// </summary>
    public double RejectTolerance { get; init; } = 0.02;

    /// <summary>
    /// The share of loaded batches the verification pass reads back (1 = every person; 0.1 = every
    /// tenth batch, for very large runs where reading all back would cost a day's budget).
    /// </summary>
    public double VerificationShare { get; init; } = 1.0;

    /// <summary>Verify every n-th batch: the stride <see cref="VerificationShare"/> gives.</summary>
    public int VerificationStride() => Math.Max(1, (int)Math.Round(1 / Math.Max(VerificationShare, 0.0001)));

    /// <summary>Persons the sample migration writes and verifies before the production load (100 to 500).</summary>
    public int SampleSize { get; init; } = 100;

    /// <summary>Tag vocabularies up to this size become person labels; larger ones a multi-option field.</summary>
    public int LabelThreshold { get; init; } = Mapping.MappingOptions.DefaultLabelThreshold;

    /// <summary>Staged batches the field map proposal profiles for value types and lengths (100 users each).</summary>
    public int ProfileBatches { get; init; } = 500;

    /// <summary>Pipedrive user id that owns persons whose Netmera owner matches no Pipedrive user; the token's user when absent.</summary>
    public long? DefaultOwnerId { get; init; }

    /// <summary>
    /// A user the map gives no organization name belongs to the organization of their email's domain, unless it is
    /// free mail or reserved. Off by default: Netmera's users are app consumers, whose addresses are mostly
    /// personal, so a domain says little about an employer and would make organizations nobody asked for.
    /// </summary>
    public bool OrganizationsFromEmailDomain { get; init; }

    /// <summary>
    /// Which Netmera segments move as person filters: all (default), none, or a list of ids. The run's
    /// full-population segment never does.
    /// </summary>
    public SegmentSelection Segments { get; init; } = SegmentSelection.All;

    /// <summary>
    /// Delivery statuses that make a campaign touchpoint: the person saw or acted on the message. Netmera's
    /// delivery rows say SUCCESS, FAILED, DELIVERED, SHOWN (email opened) or CLICKED; OPENED and CONVERTED are
    /// other exports' words for the same engagement. Sent or delivered alone is not engagement.
    /// </summary>
    public IReadOnlyList<string> TouchpointStatuses { get; init; } = DefaultTouchpointStatuses;

    public static IReadOnlyList<string> DefaultTouchpointStatuses { get; } = ["SHOWN", "CLICKED", "OPENED", "CONVERTED"];

    /// <summary>
    /// Options are equal when they say the same, lists included: a plan posted again (to resume a run) or
    /// read back from storage must equal the one the run started with, and a record compares lists by reference.
    /// </summary>
    public bool Equals(RunOptions? other) =>
        other is not null && string.Equals(System.Text.Json.JsonSerializer.Serialize(this), System.Text.Json.JsonSerializer.Serialize(other), StringComparison.Ordinal);

    public override int GetHashCode() => System.Text.Json.JsonSerializer.Serialize(this).GetHashCode(StringComparison.Ordinal);

    public const int MaxBatchSize = 100;

    /// <summary>Checks limits the storage layout and the vendors impose; returns the problems found.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BatchSize is < 1 or > MaxBatchSize)
            problems.Add($"batchSize must be between 1 and {MaxBatchSize} (one table transaction per batch).");
        if (SegmentPageSize is < 100 or > 1000)
            problems.Add("segmentPageSize must be between 100 and 1000 (Netmera's getSegmentUsers limits).");
        if (MaxParallelBatches is < 1 or > 64)
            problems.Add("maxParallelBatches must be between 1 and 64.");
        if (TasksPerGeneration is < 2 or > 1000)
            problems.Add("tasksPerGeneration must be between 2 and 1000.");
        if (CoverageThreshold is < 0 or > 1)
            problems.Add("coverageThreshold must be between 0 and 1 (0.95 means 95 %).");
        if (DiscoverySampleSize is < 0 or > 1_000_000)
            problems.Add("discoverySampleSize must be between 0 and 1,000,000.");
        if (RejectTolerance is < 0 or > 1)
            problems.Add("rejectTolerance must be between 0 and 1 (0.02 means 2 %).");
        if (VerificationShare is <= 0 or > 1)
            problems.Add("verificationShare must be above 0 and at most 1 (1 reads every loaded person back).");
        if (SampleSize is < 100 or > 500)
            problems.Add("sampleSize must be between 100 and 500.");
        if (LabelThreshold is < 0 or > 1000)
            problems.Add("labelThreshold must be between 0 and 1000.");
        if (ProfileBatches is < 1 or > 100_000)
            problems.Add("profileBatches must be between 1 and 100,000.");
        if (DefaultOwnerId is <= 0)
            problems.Add("defaultOwnerId must be a Pipedrive user id.");
        if (ExtractConcurrency is < 1 or > 32)
            problems.Add("extractConcurrency must be between 1 and 32.");
        if (Segments is null || Segments.Ids?.Any(id => id <= 0) == true)
            problems.Add("segments must be \"all\", \"none\" or a list of Netmera segment ids.");
        if (TouchpointStatuses is null || TouchpointStatuses.Any(string.IsNullOrWhiteSpace))
            problems.Add("touchpointStatuses must be a list of delivery statuses (e.g. [\"SHOWN\", \"CLICKED\"]); an empty list makes no touchpoints.");
        return problems;
    }
}
