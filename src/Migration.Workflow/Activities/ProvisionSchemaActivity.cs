using Microsoft.Extensions.Logging;
using Migration.Domain.Mapping;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Creates in Pipedrive what the approved map needs (custom fields and options, labels, activity types,
/// the campaign pipeline, the Netmera ID fields) after checking it fits the plan's custom-field cap, and
/// finds what exists instead of creating it twice. Persists every resolved key with the run.
/// </summary>
public sealed partial class ProvisionSchemaActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, MappingStore mappings, RunSchemaStore schemas, ILogger<ProvisionSchemaActivity> log)
    : MigrationActivity<SchemaInput, SchemaResult>(log)
{
    protected override async Task<SchemaResult> PerformAsync(SchemaInput input, CancellationToken cancellationToken)
    {
        var map = await PersonWriting.ApprovedMapAsync(mappings, input.RunId, cancellationToken).ConfigureAwait(false);
        var client = pipedrive.Create(input.PipedriveConnection);
        ProvisionedSchema schema;
        try
        {
            schema = await new SchemaProvisioner(client).ProvisionAsync(SchemaRequirements.From(map), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
        }
        await schemas.SaveAsync(input.RunId, schema, cancellationToken).ConfigureAwait(false);

        var result = new SchemaResult(
            map.Version,
            schema.NetmeraId(TargetEntities.Person).Key,
            schema.Fields.Count(f => !f.CreatedByRun),
            schema.Fields.Count(f => f.CreatedByRun),
            schema.Fields.Sum(f => f.CreatedByRun ? f.Options.Count : f.OptionsCreatedByRun.Count),
            schema.PersonLabels.Count(l => l.CreatedByRun),
            schema.ActivityTypes.Count(t => t.CreatedByRun));
        LogProvisioned(log, input.RunId, map.Version, result.FieldsFound, result.FieldsCreated, result.OptionsCreated, result.LabelsCreated, result.ActivityTypesCreated);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId}: schema for map version {Version}: {Found} fields found, {Created} created, {Options} options, {Labels} labels, {ActivityTypes} activity types created")]
    private static partial void LogProvisioned(ILogger logger, string runId, int version, int found, int created, int options, int labels, int activityTypes);
}
