using Microsoft.Extensions.Logging;
using Migration.Storage;
using Migration.Workflow.Models;

namespace Migration.Workflow.Activities;

/// <summary>Records that a phase of a run finished, with its result, so a resumed run can skip it.</summary>
public sealed class RecordPhaseResultActivity(CheckpointStore checkpoints, ILogger<RecordPhaseResultActivity> log)
    : MigrationActivity<PhaseResult, bool>(log)
{
    protected override async Task<bool> PerformAsync(PhaseResult input, CancellationToken cancellationToken)
    {
        await checkpoints.SavePhaseResultAsync(input.RunId, input.Phase, input.ResultJson, cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>The phases of a run that already finished (empty for a new run), keyed by phase.</summary>
public sealed class ReadPhaseResultsActivity(CheckpointStore checkpoints, ILogger<ReadPhaseResultsActivity> log)
    : MigrationActivity<string, IReadOnlyDictionary<string, string>>(log)
{
    protected override Task<IReadOnlyDictionary<string, string>> PerformAsync(string runId, CancellationToken cancellationToken) =>
        checkpoints.ReadPhaseResultsAsync(runId, cancellationToken);
}
