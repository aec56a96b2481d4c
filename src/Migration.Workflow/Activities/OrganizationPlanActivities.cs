using Microsoft.Extensions.Logging;
using Migration.Domain.Organizations;
using Migration.Domain.Persons;
using Migration.Domain.Staging;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Reads one chunk of staged person batches, applies the approved map's organization rule to every user the map
/// accepts, and stages the chunk's distinct organizations with their member counts and spellings. Holds one
/// batch of users at a time. Overwrites its part, so a rerun leaves the same part.
/// </summary>
public sealed partial class CollectOrganizationsActivity(StagingStore staging, MappingStore mappings, ILogger<CollectOrganizationsActivity> log)
    : MigrationActivity<OrganizationChunkInput, OrganizationChunkResult>(log)
{
    /// <summary>Positions within a batch are below this, so batch × this + position orders spellings in batch order.</summary>
    public const long SeenPerBatch = 1_000_000;

    protected override async Task<OrganizationChunkResult> PerformAsync(OrganizationChunkInput input, CancellationToken cancellationToken)
    {
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var tallies = new OrganizationTallies();
        // A map that names no organization and no domain rule: nothing to read.
        if (map.OrganizationsFromEmailDomain || map.Lines.Any(OrganizationRule.IsOrganizationName))
        {
            for (var batch = input.FirstBatch; batch < input.FirstBatch + input.BatchCount; batch++)
            {
                var users = await staging.ReadBatchAsync(input.RunId, StagedBatch.Name(StagedBatch.Persons, batch), cancellationToken).ConfigureAwait(false);
                for (var position = 0; position < users.Count; position++)
                {
                    // Only users who become persons: an organization nobody links to is not created.
                    if (PersonMapping.Map(users[position]).IsRejected || OrganizationRule.Of(users[position], map) is not { } name)
                        continue;
                    tallies.Add(name, batch * SeenPerBatch + position);
                }
            }
        }
        await new OrganizationStaging(staging).WritePartAsync(input.RunId, input.Chunk, tallies.Tallies(), cancellationToken).ConfigureAwait(false);
        LogChunk(log, input.RunId, input.Chunk, input.BatchCount, tallies.Count, tallies.Members);
        return new OrganizationChunkResult(tallies.Count, tallies.Members);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} organizations chunk {Chunk}: {Batches} person batches, {Organizations} organizations, {Members} members")]
    private static partial void LogChunk(ILogger logger, string runId, int chunk, int batches, int organizations, long members);
}

/// <summary>
/// Merges the chunks' tallies into the organizations to create, each named by its commonest spelling, in key
/// order, 100 per batch, with the index of each batch's first key. Deterministic: the same staged users give
/// the same batches, byte for byte.
/// </summary>
public sealed partial class StageOrganizationsActivity(StagingStore staging, ILogger<StageOrganizationsActivity> log)
    : MigrationActivity<StageOrganizationsInput, OrganizationPlan>(log)
{
    protected override async Task<OrganizationPlan> PerformAsync(StageOrganizationsInput input, CancellationToken cancellationToken)
    {
        var store = new OrganizationStaging(staging);
        var tallies = new OrganizationTallies();
        for (var chunk = 0; chunk < input.Chunks; chunk++)
        {
            foreach (var tally in await store.ReadPartAsync(input.RunId, chunk, cancellationToken).ConfigureAwait(false))
                tallies.Merge(tally);
        }

        var (index, batches) = OrganizationIndex.Split(tallies.Organizations());
        for (var batch = 0; batch < batches.Count; batch++)
            await store.WriteBatchAsync(input.RunId, batch, batches[batch], cancellationToken).ConfigureAwait(false);
        // The index last: its presence means every batch it names is staged.
        await store.WriteIndexAsync(input.RunId, index, cancellationToken).ConfigureAwait(false);
        LogStaged(log, input.RunId, index.Organizations, index.Batches, index.Members);
        return new OrganizationPlan(index.Organizations, index.Batches, index.Members);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} organizations staged: {Organizations} in {Batches} batches, {Members} persons name one")]
    private static partial void LogStaged(ILogger logger, string runId, int organizations, int batches, long members);
}
