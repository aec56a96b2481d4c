using Migration.Domain.Ledger;
using Migration.Domain.Rollback;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Api;

namespace Migration.Workflow;

/// <summary>One object type's part of a rollback preview: what would be undone and what it would cost.</summary>
/// <param name="ToDelete">Records the run created that a rollback would delete (unless edited after the run and not forced).</param>
/// <param name="ToRestore">Records the run updated whose before-image a rollback would write back.</param>
/// <param name="Settled">Objects an earlier rollback already deleted, found gone or restored.</param>
/// <param name="KeptEdited">Objects an earlier rollback kept because they were edited after the run (a forced rollback undoes them).</param>
/// <param name="OpenIntents">Rows the run left as intents: kept and reported, since whether Pipedrive has them is unknown.</param>
public sealed record RollbackPreviewLine(string Phase, string ObjectType, long ToDelete, long ToRestore, long Settled, long KeptEdited, long OpenIntents, long Tokens);

/// <summary>
/// A run's rollback state read from its id ledger, its rollback ledger and its schema: the preview (no Pipedrive call,
/// no write) and whether any record the run wrote is still in Pipedrive (the schema stays while one is).
/// </summary>
public sealed class RunRollbackState(TableIdLedger ledger, RollbackLedger rollbacks, StagingStore staging)
{
    public async Task<IReadOnlyList<RollbackPreviewLine>> PreviewAsync(
        string runId, IReadOnlyList<RollbackStep> steps, bool force, CancellationToken cancellationToken)
    {
        var earlier = Index(await rollbacks.ReadRunAsync(runId, cancellationToken).ConfigureAwait(false));
        var lines = new List<RollbackPreviewLine>();
        foreach (var step in steps)
        {
            if (step.IsSchema)
            {
                lines.Add(await SchemaPreviewAsync(runId, step, earlier, cancellationToken).ConfigureAwait(false));
                continue;
            }
            long delete = 0, restore = 0, settled = 0, kept = 0, intents = 0, tokens = 0;
            var batches = new Dictionary<string, (int Deletes, int Restores)>(StringComparer.Ordinal);
            await foreach (var (batch, row) in ledger.ReadObjectTypeAsync(runId, step.ObjectType, cancellationToken).ConfigureAwait(false))
            {
                var done = earlier.GetValueOrDefault((step.ObjectType, row.SourceId));
                if (row.State == LedgerState.Intent)
                    intents++;
                else if (done?.IsFinal == true && RollbackDecision.NeedsLook(row, null, force))
                    settled++;
                else if (done?.Outcome == RollbackOutcome.KeptEdited && !force)
                    kept++;
                else if (RollbackDecision.NeedsLook(row, done, force))
                {
                    var (d, r) = batches.GetValueOrDefault(batch);
                    if (row.State == LedgerState.Updated)
                    {
                        restore++;
                        batches[batch] = (d, r + 1);
                    }
                    else
                    {
                        delete++;
                        batches[batch] = (d + 1, r);
                    }
                }
            }
            tokens = batches.Values.Sum(b => RollbackCost.Batch(step.ObjectType, b.Deletes, b.Restores));
            lines.Add(new RollbackPreviewLine(step.Phase, step.ObjectType, delete, restore, settled, kept, intents, tokens));
        }
        return lines;
    }

    /// <summary>Records of the run (every object type) that are, or may be, still in Pipedrive: written, and not deleted, gone or restored by a rollback.</summary>
    public async Task<long> RecordsRemainingAsync(string runId, CancellationToken cancellationToken)
    {
        var earlier = Index(await rollbacks.ReadRunAsync(runId, cancellationToken).ConfigureAwait(false));
        long remaining = 0;
        foreach (var step in RollbackScope.Steps.Where(s => !s.IsSchema))
        {
            await foreach (var (_, row) in ledger.ReadObjectTypeAsync(runId, step.ObjectType, cancellationToken).ConfigureAwait(false))
            {
                var written = row.State == LedgerState.Intent || RollbackDecision.NeedsLook(row, null, force: true);
                if (written && earlier.GetValueOrDefault((step.ObjectType, row.SourceId))?.IsFinal != true)
                    remaining++;
            }
        }
        return remaining;
    }

    /// <summary>The run's provisioned schema, or null when the run never reached the schema phase.</summary>
    public async Task<ProvisionedSchema?> SchemaAsync(string runId, CancellationToken cancellationToken) =>
        await staging.ReadArtifactAsync(runId, RunReports.Schema.Path, cancellationToken).ConfigureAwait(false) is { } artifact
            ? System.Text.Json.JsonSerializer.Deserialize<ProvisionedSchema>(artifact.Content, ApiJson.Options)
            : null;

    private async Task<RollbackPreviewLine> SchemaPreviewAsync(
        string runId, RollbackStep step, IReadOnlyDictionary<(string, string), RollbackEntry> earlier, CancellationToken cancellationToken)
    {
        var schema = await SchemaAsync(runId, cancellationToken).ConfigureAwait(false);
        var objects = schema is null ? [] : SchemaRollback.CreatedBy(schema);
        var pending = objects.Where(o => earlier.GetValueOrDefault((step.ObjectType, o.Key))?.IsFinal != true).ToList();
        return new RollbackPreviewLine(step.Phase, step.ObjectType, pending.Count, 0, objects.Count - pending.Count, 0, 0, pending.Sum(o => (long)o.Tokens));
    }

    private static Dictionary<(string, string), RollbackEntry> Index(IEnumerable<RollbackEntry> entries) =>
        entries.GroupBy(e => (e.ObjectType, e.SourceId)).ToDictionary(g => g.Key, g => g.Last());
}
