using Microsoft.DurableTask;
using Migration.Domain.Reconciliation;
using Migration.Pipedrive;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// One load phase (organizations, persons, activities, campaigns, filters): fans out over the phase's
/// batches, each an activity named by the state, with at most <c>MaxParallelBatches</c> in flight and
/// <c>TasksPerGeneration</c> batches per history generation. It keeps the company's day account
/// (DESIGN §4.4): a batch starts only when the day has its expected tokens, each batch gets its share
/// of the burst windows and a token allowance, and when the day is spent the phase sleeps on a durable
/// timer until the budget resets, then goes on. A batch the budget stopped part way runs again. Status
/// shows the batches done and an ETA from the measured pace and the budget. Returns the phase's counts.
/// </summary>
public sealed class LoadPhaseOrchestrator : TaskOrchestrator<LoadPhaseState, PhaseCounts>
{
    /// <summary>Slack after the expected reset, since Pipedrive does not name its server's time zone.</summary>
    public static readonly TimeSpan ResetMargin = TimeSpan.FromMinutes(1);

    public override async Task<PhaseCounts> RunAsync(TaskOrchestrationContext context, LoadPhaseState state)
    {
        var plan = state.Plan;
        var options = plan.Options;
        var budgetInput = new BudgetInput(plan.RunId, plan.PipedriveConnection);
        var budget = await context.CallActivityAsync<BudgetView>(nameof(ReadBudgetActivity), budgetInput, TaskPolicies.Activity);
        var started = state.StartedAt ?? context.CurrentUtcDateTime;

        var end = Math.Min(state.BatchCount, state.NextBatch + options.TasksPerGeneration);
        var queue = new LinkedList<int>(state.Deferred.Concat(Enumerable.Range(state.NextBatch, end - state.NextBatch)));
        var counts = state.Counts;
        var usage = state.Usage;
        var done = state.BatchesDone;
        long spentSinceRead = 0, reserved = 0;
        DateTimeOffset? refusedUntil = null;
        var inFlight = new Dictionary<Task<BatchLoadResult>, (int Batch, long Allowance, int Lane)>();
        ShowProgress();

        while (queue.Count > 0 || inFlight.Count > 0)
        {
            // Start what the burst share and the day's tokens allow.
            while (queue.Count > 0 && inFlight.Count < options.MaxParallelBatches && refusedUntil is null)
            {
                var available = budget.Left - spentSinceRead - reserved;
                // A batch whose expected cost is more than a quarter of the day (a small daily cap) starts with what
                // is left and, stopped by its allowance, resumes after the reset: what it wrote stays in the ledger.
                if (available < Math.Min(state.Cost.Expected, Math.Max(1, budget.DailyTokens / 4)))
                    break;
                var batch = queue.First!.Value;
                queue.RemoveFirst();
                // The lane is the slot no batch in flight holds: its successor inherits its window.
                var lane = Enumerable.Range(0, options.MaxParallelBatches).First(l => inFlight.Values.All(f => f.Lane != l));
                var allowance = new PipedriveAllowance(
                    Math.Max(1, budget.BurstPerWindow / options.MaxParallelBatches),
                    Math.Max(1, budget.SearchPerWindow / options.MaxParallelBatches),
                    state.Cost.Allowance(available),
                    budget.ResetsAt,
                    lane);
                reserved += allowance.Tokens;
                inFlight.Add(context.CallActivityAsync<BatchLoadResult>(state.Activity,
                    new LoadBatchInput(plan.RunId, plan.PipedriveConnection, state.Phase, batch, allowance) { Options = options, Force = state.Force, DeltaSync = state.DeltaSync }, TaskPolicies.Activity),
                    (batch, allowance.Tokens, lane));
            }

            if (inFlight.Count == 0)
            {
                // Nothing can start: the day is spent (by us, or by someone else if Pipedrive refused).
                var wakeAt = (refusedUntil ?? budget.ResetsAt) + ResetMargin;
                context.SetCustomStatus(new RunProgress(state.Phase, WaitingForBudgetUntil: wakeAt) { Progress = Progress() });
                await context.CreateTimer(wakeAt.UtcDateTime, CancellationToken.None);
                budget = await context.CallActivityAsync<BudgetView>(nameof(ReadBudgetActivity), budgetInput, TaskPolicies.Activity);
                spentSinceRead = 0;
                refusedUntil = null;
                ShowProgress();
                continue;
            }

            var finished = await Task.WhenAny(inFlight.Keys);
            var (finishedBatch, given, _) = inFlight[finished];
            inFlight.Remove(finished);
            var result = await finished;
            reserved -= given;
            spentSinceRead += result.Usage.Tokens;
            usage = usage.Add(result.Usage);
            if (result.Finished)
            {
                counts = counts.Add(result.Counts);
                done++;
                ShowProgress();
            }
            else
            {
                queue.AddFirst(finishedBatch);
                if (result.WaitUntil is { } until)
                    refusedUntil = until;
            }
        }

        if (end < state.BatchCount)
        {
            context.ContinueAsNew(state with { NextBatch = end, Counts = counts, Deferred = [], Usage = usage, BatchesDone = done, StartedAt = started });
            return default!; // ContinueAsNew: this generation's output is discarded.
        }
        return counts;

        PhaseProgress Progress() => PhaseProgress.Estimate(
            done, state.BatchCount, started, context.CurrentUtcDateTime, usage.Tokens, budget.Left - spentSinceRead, budget.DailyTokens, budget.ResetsAt);

        void ShowProgress() => context.SetCustomStatus(new RunProgress(state.Phase) { Progress = Progress() });
    }
}
