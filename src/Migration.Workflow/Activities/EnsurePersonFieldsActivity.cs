using Microsoft.Extensions.Logging;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Resolves (creating when absent) the person fields the load writes, persists each resolved key
/// with the run, and returns the Netmera ID field's key. Only the Netmera ID field exists until the
/// field map issue adds the mapped custom fields.
/// </summary>
public sealed partial class EnsurePersonFieldsActivity(
    PipedriveClientFactory pipedrive, PipedriveSpending spending, FieldKeyStore fieldKeys, ILogger<EnsurePersonFieldsActivity> log)
    : MigrationActivity<PersonFieldsInput, string>(log)
{
    protected override async Task<string> PerformAsync(PersonFieldsInput input, CancellationToken cancellationToken)
    {
        var client = pipedrive.Create(input.PipedriveConnection);
        var field = await new NetmeraIdField(client).EnsureAsync(cancellationToken).ConfigureAwait(false);
        await spending.RecordAsync(input.RunId, client, cancellationToken).ConfigureAwait(false);
        await fieldKeys.SaveAsync(input.RunId, new FieldKey("person", NetmeraIdField.FieldName, field.Key, field.Created), cancellationToken).ConfigureAwait(false);
        LogResolved(log, input.RunId, NetmeraIdField.FieldName, field.Created);
        return field.Key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: person field '{Field}' resolved (created now: {Created})")]
    private static partial void LogResolved(ILogger logger, string runId, string field, bool created);
}
