using Migration.Domain.Reconciliation;

namespace Migration.Workflow.Models;

// Mapping, schema and sample phases. Like every model here: names, numbers and counts, never records.

public sealed record ProposeMappingInput(string RunId, string NetmeraConnection, int BatchCount, int ProfileBatches, int LabelThreshold)
{
    /// <summary>The run option <c>organizationsFromEmailDomain</c>, kept in the proposed map.</summary>
    public bool OrganizationsFromEmailDomain { get; init; }
}

/// <summary>The proposal as the run shows it: its version, lines, and what a person should look at.</summary>
public sealed record MappingSummary(int Version, int Lines, int CustomFields, int Flagged, int ProfiledUsers);

public sealed record SchemaInput(string RunId, string PipedriveConnection);

/// <summary>What provisioning found and created in Pipedrive for the approved map.</summary>
public sealed record SchemaResult(int MapVersion, string NetmeraIdKey, int FieldsFound, int FieldsCreated, int OptionsCreated, int LabelsCreated, int ActivityTypesCreated);

public sealed record SampleInput(string RunId, string PipedriveConnection, int BatchCount, int SampleSize, long? DefaultOwnerId);

/// <summary>The sample chosen: how many persons, which mapped fields they fill, which no staged user fills.</summary>
public sealed record SampleSelection(int Records, int Batches, IReadOnlyList<string> Covered, IReadOnlyList<string> NeverFilled);

/// <summary>
/// The sample's write: counts from the ledger; when the Pipedrive budget stopped it, unfinished and
/// (if Pipedrive refused) until when to wait.
/// </summary>
public sealed record SampleLoadResult(PhaseCounts Counts, bool Finished, DateTimeOffset? WaitUntil);

/// <summary>The sample phase's outcome: persons written and read back, fields compared, mismatches.</summary>
public sealed record SampleResult(int Records, int Verified, int Comparisons, int Mismatches, IReadOnlyList<string> MismatchedFields, IReadOnlyList<string> NeverFilled)
{
    public PhaseCounts Counts { get; init; } = PhaseCounts.Zero;
}

/// <summary>
/// A phase at its reconciliation gate. <see cref="Expected"/> is what the step before it staged for it
/// (when known): a batch that never reported then shows as drift instead of vanishing from both sides.
/// </summary>
public sealed record PhaseCheckInput(string RunId, string Phase, double Tolerance)
{
    public long? Expected { get; init; }
}

/// <summary>The run's reconciliation: what each load phase was expected to account for, by phase (from the steps that staged its records).</summary>
public sealed record ReconcileInput(string RunId)
{
    public IReadOnlyDictionary<string, long> Expected { get; init; } = new Dictionary<string, long>();
}

/// <summary>Verification of the load, carried across <c>ContinueAsNew</c>: the next batch and the totals so far.</summary>
public sealed record VerifyPersonsState(string RunId, string PipedriveConnection, int BatchCount, int Stride, long? DefaultOwnerId, int TasksPerGeneration, int NextBatch)
{
    public VerificationResult Totals { get; init; } = VerificationResult.None;

    /// <summary>Batches verified at once (the run's <c>MaxParallelBatches</c>; 1 in histories from before it was set).</summary>
    public int Width { get; init; } = 1;
}

public sealed record VerifyBatchInput(string RunId, string PipedriveConnection, int Batch, long? DefaultOwnerId);

/// <summary>One batch verified (its part kept as a blob), or stopped by the Pipedrive budget until when.</summary>
public sealed record VerifyBatchResult(bool Finished, VerificationResult Result, DateTimeOffset? WaitUntil);

/// <summary>Persons compared, values compared, mismatches, and users that could not be compared.</summary>
public sealed record VerificationResult(long Persons, long Comparisons, long Mismatches, long Unverified, int Batches)
{
    public static VerificationResult None { get; } = new(0, 0, 0, 0, 0);

    public VerificationResult Add(VerificationResult other) =>
        new(Persons + other.Persons, Comparisons + other.Comparisons, Mismatches + other.Mismatches, Unverified + other.Unverified, Batches + other.Batches);
}

public sealed record VerificationReportInput(string RunId, int Stride, VerificationResult Totals);
