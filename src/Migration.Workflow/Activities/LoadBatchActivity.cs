using System.Globalization;
using Microsoft.Extensions.Logging;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>
/// Base of every activity that writes one batch of a load phase (and of delta syncs and rollbacks): the batch is
/// written only under its lease (<see cref="BatchLeaseStore"/>), so a message delivered again while its first delivery
/// still writes waits for it instead of creating the same records beside it. The token given to
/// <see cref="LoadAsync"/> ends if the lease is lost.
/// </summary>
public abstract class LoadBatchActivity(BatchLeaseStore leases, ILogger log) : MigrationActivity<LoadBatchInput, BatchLoadResult>(log)
{
    protected sealed override async Task<BatchLoadResult> PerformAsync(LoadBatchInput input, CancellationToken cancellationToken)
    {
        await using var lease = await leases.AcquireAsync(input.RunId, LeaseUnit(input), cancellationToken).ConfigureAwait(false);
        return await LoadAsync(input, lease.Token).ConfigureAwait(false);
    }

    /// <summary>The batch as its phase, its delta sync (0 for the run's own load) and its number.</summary>
    public static string LeaseUnit(LoadBatchInput input) =>
        string.Create(CultureInfo.InvariantCulture, $"{input.Phase}|{input.DeltaSync}|{input.BatchNumber:D6}");

    protected abstract Task<BatchLoadResult> LoadAsync(LoadBatchInput input, CancellationToken cancellationToken);
}
