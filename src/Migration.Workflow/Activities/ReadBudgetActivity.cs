using Microsoft.Extensions.Logging;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>The company's Pipedrive budget now: daily tokens, spent today, next reset, burst limits.</summary>
public sealed class ReadBudgetActivity(PipedriveSpending spending, ILogger<ReadBudgetActivity> log)
    : MigrationActivity<BudgetInput, BudgetView>(log)
{
    protected override Task<BudgetView> PerformAsync(BudgetInput input, CancellationToken cancellationToken) =>
        spending.ViewAsync(input.PipedriveConnection, cancellationToken);
}
