using Microsoft.DurableTask;
using Migration.Domain.Budget;
using Migration.Domain.Reconciliation;
using Migration.Pipedrive;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// Persons load phase: fans out over the staged batches (written through the approved field map and
/// the schema provisioned for it) with at
/// most <c>MaxParallelBatches</c> in flight and <c>TasksPerGeneration</c> batches per history
/// generation. It keeps the company's day account (DESIGN §4.4): a batch starts only when the day has
/// tokens for it, each batch gets its share of the burst windows and a token allowance, and when the
/// day is spent the phase sleeps on a durable timer until the budget resets, then goes on. A batch the
/// budget stopped part way runs again. Returns the phase's counts.
/// </summary>
public sealed class PersonsLoadOrchestrator : TaskOrchestrator<PersonsLoadState, PhaseCounts>
{
    /// <summary>Slack after the expected reset, since Pipedrive does not name its server's time zone.</summary>
    public static readonly TimeSpan ResetMargin = TimeSpan.FromMinutes(1);

    public override async Task<PhaseCounts> RunAsync(TaskOrchestrationContext context, PersonsLoadState state)
    {
        var plan = state.Plan;
        var options = plan.Options;
        var budgetInput = new BudgetInput(plan.RunId, plan.PipedriveConnection);
        var budget = await context.CallActivityAsync<BudgetView>(nameof(ReadBudgetActivity), budgetInput, TaskPolicies.Activity);

        var end = Math.Min(state.BatchCount, state.NextBatch + options.TasksPerGeneration);
        var queue = new LinkedList<int>(state.Deferred.Concat(Enumerable.Range(state.NextBatch, end - state.NextBatch)));
        var counts = state.Counts;
        var usage = state.Usage;
        long spentSinceRead = 0, reserved = 0;
        DateTimeOffset? refusedUntil = null;
        var inFlight = new Dictionary<Task<BatchLoadResult>, (int Batch, long Allowance, int Lane)>();

        while (queue.Count > 0 || inFlight.Count > 0)
        {
            // Start what the burst share and the day's tokens allow.
            while (queue.Count > 0 && inFlight.Count < options.MaxParallelBatches && refusedUntil is null)
            {
                var available = budget.Left - spentSinceRead - reserved;
                if (available < PersonBatchCost.Expected(options.BatchSize))
                    break;
                var batch = queue.First!.Value;
                queue.RemoveFirst();
                // The lane is the slot no batch in flight holds: its successor inherits its window.
                var lane = Enumerable.Range(0, options.MaxParallelBatches).First(l => inFlight.Values.All(f => f.Lane != l));
                var allowance = new PipedriveAllowance(
                    Math.Max(1, budget.BurstPerWindow / options.MaxParallelBatches),
                    Math.Max(1, budget.SearchPerWindow / options.MaxParallelBatches),
                    PersonBatchCost.Allowance(options.BatchSize, available),
                    budget.ResetsAt,
                    lane);
                reserved += allowance.Tokens;
                inFlight.Add(context.CallActivityAsync<BatchLoadResult>(nameof(LoadPersonsBatchActivity),
                    new LoadPersonsBatchInput(plan.RunId, plan.PipedriveConnection, batch, allowance) { DefaultOwnerId = options.DefaultOwnerId }, TaskPolicies.Activity),
                    (batch, allowance.Tokens, lane));
            }

            if (inFlight.Count == 0)
            {
                // Nothing can start: the day is spent (by us, or by someone else if Pipedrive refused).
                var wakeAt = (refusedUntil ?? budget.ResetsAt) + ResetMargin;
                context.SetCustomStatus(new RunProgress(Domain.Runs.Phase.LoadPersons, WaitingForBudgetUntil: wakeAt));
                await context.CreateTimer(wakeAt.UtcDateTime, CancellationToken.None);
                context.SetCustomStatus(new RunProgress(Domain.Runs.Phase.LoadPersons));
                budget = await context.CallActivityAsync<BudgetView>(nameof(ReadBudgetActivity), budgetInput, TaskPolicies.Activity);
                spentSinceRead = 0;
                refusedUntil = null;
                continue;
            }

            var done = await Task.WhenAny(inFlight.Keys);
            var (finishedBatch, given, _) = inFlight[done];
            inFlight.Remove(done);
            var result = await done;
            reserved -= given;
            spentSinceRead += result.Usage.Tokens;
            usage = usage.Add(result.Usage);
            if (result.Finished)
            {
                counts = counts.Add(result.Counts);
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
            context.ContinueAsNew(state with { NextBatch = end, Counts = counts, Deferred = [], Usage = usage });
            return default!; // ContinueAsNew: this generation's output is discarded.
        }
        return counts;
    }
}
