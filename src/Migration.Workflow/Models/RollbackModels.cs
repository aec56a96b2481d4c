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

/// <summary>
/// The person ledger batches a rollback walks, by number: the run's numbered batches, then the batches cutover delta
/// syncs created persons in (<c>delta-{sync}-{batch}</c>), listed when the rollback was planned.
/// </summary>
public sealed record PersonBatchNames(int Numbered, IReadOnlyList<string> Delta)
{
    public const string Path = "rollback/person-batches.json";
    public string Name(int batch) => batch < Numbered
        ? batch.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)
        : Delta[batch - Numbered];
}
