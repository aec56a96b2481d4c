using Microsoft.Extensions.Logging;
using Migration.Domain.Ledger;
using Migration.Domain.Organizations;
using Migration.Domain.Persons;
using Migration.Pipedrive;
using Migration.Storage;

namespace Migration.Workflow;

/// <summary>
/// The organizations the sample's persons link to, written before them through the production writer and under
/// the ledger rows of the organization batches they were staged in (design note 13): the organizations load
/// later finds them final and counts them as created once, instead of writing them a second time.
/// </summary>
internal sealed class SampleOrganizations(PipedriveClient client, IIdLedger ledger, StagingStore staging, ILogger<OrganizationWriter> log)
{
    public async Task WriteAsync(
        string runId, IEnumerable<PersonMappingOutcome> outcomes, ProvisionedSchema schema, long? ownerId, CancellationToken cancellationToken)
    {
        var keys = outcomes.Select(o => o.Person?.Organization).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
            return;
        var store = new OrganizationStaging(staging);
        var index = await store.ReadIndexAsync(runId, cancellationToken).ConfigureAwait(false);
        var writer = new OrganizationWriter(client, ledger, log);
        foreach (var batch in keys.Select(index.BatchOf).Where(b => b >= 0).Distinct().Order())
        {
            var staged = await store.ReadBatchAsync(runId, batch, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<StagedOrganization> needed = [.. staged.Where(o => keys.Contains(o.Key))];
            if (needed.Count > 0)
                await writer.WriteAsync(OrganizationDirectory.LedgerBatchOf(runId, batch), needed, schema, ownerId, cancellationToken).ConfigureAwait(false);
        }
    }
}
