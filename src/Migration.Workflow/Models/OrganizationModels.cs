namespace Migration.Workflow.Models;

// Everything here travels through orchestration history: names, numbers and counts only (DESIGN §3, §4.2).

/// <summary>
/// The organizations plan of a run: the staged person batches to read, in chunks of <see cref="BatchesPerChunk"/>
/// batches (one short activity each), with at most <see cref="MaxParallelChunks"/> at once.
/// </summary>
public sealed record PlanOrganizationsInput(string RunId, int PersonBatches)
{
    /// <summary>100 batches (10,000 users) take a few seconds to read, far inside an activity's two minutes.</summary>
    public int BatchesPerChunk { get; init; } = 100;

    public int MaxParallelChunks { get; init; } = 4;

    public int Chunks => PersonBatches <= 0 ? 0 : (PersonBatches + BatchesPerChunk - 1) / BatchesPerChunk;
}

/// <summary>One planning chunk: person batches <see cref="FirstBatch"/> to <see cref="FirstBatch"/> + <see cref="BatchCount"/> - 1.</summary>
public sealed record OrganizationChunkInput(string RunId, int Chunk, int FirstBatch, int BatchCount);

/// <summary>What a chunk found: distinct organizations in it, and the persons that name one.</summary>
public sealed record OrganizationChunkResult(int Organizations, long Members);

public sealed record StageOrganizationsInput(string RunId, int Chunks);

/// <summary>
/// The organizations staged for the load: how many, in how many batches (the load phase's batch count), and how
/// many staged persons name one (the persons that get an <c>org_id</c> unless their organization is rejected).
/// </summary>
public sealed record OrganizationPlan(int Organizations, int Batches, long PersonsWithOrganization);
