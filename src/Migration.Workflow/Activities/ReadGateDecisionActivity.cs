using Microsoft.Extensions.Logging;
using Migration.Domain.Gates;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>A gate's recorded decision, if someone already took it (a resumed run, or an early approval).</summary>
public sealed class ReadGateDecisionActivity(GateStore gates, ILogger<ReadGateDecisionActivity> log)
    : MigrationActivity<GateQuery, GateDecision?>(log)
{
    protected override Task<GateDecision?> PerformAsync(GateQuery input, CancellationToken cancellationToken) =>
        gates.GetAsync(input.RunId, input.Gate, cancellationToken);
}
