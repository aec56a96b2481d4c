using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow;

/// <summary>
/// Keeps the company's day account: activities add what their client spent, and the phase
/// orchestrators read what is left before they hand out allowances (DESIGN §4.4).
/// </summary>
public sealed class PipedriveSpending(ApiUsageStore usage, PipedriveClientFactory pipedrive, TimeProvider time)
{
    /// <summary>Adds what <paramref name="client"/> spent to its company's day and to the run.</summary>
    public Task RecordAsync(string runId, PipedriveClient client, CancellationToken cancellationToken)
    {
        MigrationTelemetry.RecordUsage(client.Connection.Name, client.Usage);
        return usage.AddAsync(client.Connection.Company, client.Connection.Limits.BudgetDay(time.GetUtcNow()), runId, client.Usage, cancellationToken);
    }

    public async Task<BudgetView> ViewAsync(string connectionName, CancellationToken cancellationToken)
    {
        var connection = pipedrive.Connection(connectionName);
        var limits = connection.Limits;
        var now = time.GetUtcNow();
        var spent = await usage.TokensSpentAsync(connection.Company, limits.BudgetDay(now), cancellationToken).ConfigureAwait(false);
        return new BudgetView(limits.DailyTokens, spent, limits.NextReset(now), limits.BurstPerWindow, RateLimits.SearchPerWindow);
    }
}
