using Migration.Domain.Mapping;
using Migration.Pipedrive;
using Migration.Storage;

namespace Migration.Workflow.Api;

/// <summary>
/// What the run's Pipedrive account allows a field map: the plan's custom-field cap, and, when asked
/// to look, the custom fields the account already has (read live, three field lists) so fields the map
/// would reuse are not counted twice. Provisioning checks again before it creates anything.
/// </summary>
public sealed class MappingLimitsSource(RunStore runs, PipedriveClientFactory pipedrive, PipedriveSpending spending)
{
    private static readonly string[] Entities = [FieldEntity.Person, FieldEntity.Organization, FieldEntity.Deal];

    /// <param name="readAccount">Read the account's fields (costs tokens) instead of assuming it has no custom fields yet.</param>
    public async Task<MappingLimits> ForRunAsync(string runId, bool readAccount, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
            return MappingLimits.Unlimited;
        var connection = pipedrive.Connection(run.Plan.PipedriveConnection);
        var cap = PlanCaps.CustomFields(connection.Limits.Plan);
        if (!readAccount)
            return new MappingLimits(cap);

        var client = pipedrive.Create(run.Plan.PipedriveConnection);
        var existing = new List<string>();
        var inUse = 0;
        try
        {
            foreach (var entity in Entities)
            {
                foreach (var field in (await FieldCatalog.ReadAsync(client, entity, cancellationToken).ConfigureAwait(false)).Fields.Where(f => f.IsCustomField))
                {
                    inUse++;
                    existing.Add(MappingLimits.Key(entity, field.FieldName));
                }
            }
        }
        finally
        {
            await spending.RecordAsync(runId, client, cancellationToken).ConfigureAwait(false);
        }
        return new MappingLimits(Math.Max(0, cap - inUse)) { ExistingFields = existing };
    }
}
