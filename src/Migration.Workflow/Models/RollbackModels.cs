using Migration.Domain.Rollback;
using Migration.Domain.Runs;

namespace Migration.Workflow.Models;

/// <summary>
/// A rollback of one run: the run's plan (connection, options), the load phases it undoes (empty: all, and the schema),
/// and whether records edited in Pipedrive after the run are undone too.
/// </summary>
public sealed record RollbackInput(MigrationPlan Plan, IReadOnlyList<string> Phases, bool Force);

/// <summary>How many ledger batches each object type of a run has (from the phase results), and whether it provisioned a schema.</summary>
public sealed record RollbackBatches(IReadOnlyDictionary<string, int> Batches, bool HasSchema)
{
    public int For(string objectType) => Batches.TryGetValue(objectType, out var count) ? count : 0;
}

public sealed record RollbackReportInput(string RunId, IReadOnlyList<string> Phases, bool Force);

/// <summary>What the rollbacks of a run did, per object type, and how many objects the run wrote are still in Pipedrive.</summary>
public sealed record RollbackSummary(string RunId, IReadOnlyList<RollbackTally> Objects, long Remaining);
