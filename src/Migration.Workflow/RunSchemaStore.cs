using System.Text.Json;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Api;

namespace Migration.Workflow;

/// <summary>
/// The schema provisioned for a run's approved map, kept as <c>schema.json</c> with the run (every key
/// and option id, and what the run created, for rollback) and as rows in the FieldKeys table so a
/// later rename in Pipedrive cannot break delta sync (DESIGN §4.5).
/// </summary>
public sealed class RunSchemaStore(StagingStore staging, FieldKeyStore fieldKeys)
{
    // A run's schema is written once, by the schema phase, before anything reads it; every batch of every load phase
    // needs it, so it is read and parsed once per run. Saving replaces what is kept, so this process never serves an older one.
    private readonly FrozenCopies<ProvisionedSchema> kept = new();

    public async Task SaveAsync(string runId, ProvisionedSchema schema, CancellationToken cancellationToken)
    {
        foreach (var field in schema.Fields)
            await fieldKeys.SaveAsync(runId, new FieldKey(field.Entity, field.Name, field.Key, field.CreatedByRun), cancellationToken).ConfigureAwait(false);
        await staging.WriteArtifactAsync(runId, RunReports.Schema.Path, JsonSerializer.Serialize(schema, ApiJson.Indented), RunReports.Schema.ContentType, cancellationToken)
            .ConfigureAwait(false);
        kept.Keep(runId, schema);
    }

    /// <summary>The run's schema; a run past the schema phase always has one.</summary>
    public async Task<ProvisionedSchema> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (kept.TryGet(runId, out var schema))
            return schema;
        var artifact = await staging.ReadArtifactAsync(runId, RunReports.Schema.Path, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} has no provisioned schema yet; the schema phase writes it.");
        schema = JsonSerializer.Deserialize<ProvisionedSchema>(artifact.Content, ApiJson.Options)!;
        kept.Keep(runId, schema);
        return schema;
    }
}
