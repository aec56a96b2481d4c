using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Migration.Domain.Budget;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow.Tests;

/// <summary>
/// The phase orchestrators on the in-memory engine with stand-in activities registered under the real
/// names: fan-out stays bounded, ContinueAsNew generations lose no batch, paging stops when it should.
/// </summary>
public class PhaseOrchestratorTests
{
    /// <summary>Small generations keep the in-memory engine quick while still crossing ContinueAsNew.</summary>
    private const int Generation = 10;

    private static MigrationPlan Plan(int maxParallel) => new()
    {
        RunId = "run-test",
        NetmeraConnection = "n",
        SegmentId = 1,
        PipedriveConnection = "p",
        Options = new RunOptions { MaxParallelBatches = maxParallel, TasksPerGeneration = Generation },
    };

    [Fact]
    public async Task Persons_load_visits_every_batch_once_across_generations_and_never_exceeds_the_parallelism()
    {
        const int batches = 2 * Generation + 7;
        var visits = new int[batches];
        int inFlight = 0, peak = 0;

        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<LoadPhaseOrchestrator>();
            registry.AddActivityFunc<BudgetInput, BudgetView>(nameof(ReadBudgetActivity), (_, _) => PlentyOfBudget());
            registry.AddActivityFunc<LoadBatchInput, BatchLoadResult>(nameof(LoadPersonsBatchActivity), async (_, input) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(5);
                Interlocked.Increment(ref visits[input.BatchNumber]);
                Interlocked.Decrement(ref inFlight);
                Assert.Equal(40 / 3, input.Allowance.BurstPerWindow); // the plan's burst, shared by the parallel batches
                return new BatchLoadResult(new PhaseCounts(10, 9, 0, 0, 1), true, new ApiUsage(10, 50, 0, 0, 0), null);
            });
        }, TestEngine.Options());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LoadPhaseOrchestrator),
            Persons(Plan(maxParallel: 3), batches));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new PhaseCounts(10L * batches, 9L * batches, 0, 0, batches), done.ReadOutputAs<PhaseCounts>());
        Assert.All(visits, v => Assert.Equal(1, v));
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task Extract_follows_next_page_links_until_the_last_page_and_numbers_batches_consecutively()
    {
        const int pages = Generation + 4;
        var firstBatches = new List<int>();

        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<ExtractOrchestrator>();
            registry.AddActivityFunc<ExtractPageInput, ExtractPageResult>(nameof(ExtractSegmentPageActivity), (_, input) =>
            {
                lock (firstBatches)
                    firstBatches.Add(input.FirstBatchNumber);
                Assert.Equal(input.PageNumber == 0 ? null : $"page-{input.PageNumber}", input.NextPage);
                var next = input.PageNumber + 1 < pages ? $"page-{input.PageNumber + 1}" : null;
                return new ExtractPageResult(2, new PhaseCounts(1000, 199, 0, 1, 0), next);
            });
        }, TestEngine.Options());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ExtractOrchestrator),
            new ExtractState(Plan(4), null, 0, 0, PhaseCounts.Zero));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<ExtractResult>()!;
        Assert.Equal(2 * pages, result.BatchCount);
        Assert.Equal(new PhaseCounts(1000L * pages, 199L * pages, 0, pages, 0), result.Counts);
        Assert.Equal(Enumerable.Range(0, pages).Select(p => 2 * p), firstBatches);
    }

    [Fact]
    public async Task Extract_stops_with_a_reason_when_netmera_repeats_a_next_page_link()
    {
        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<ExtractOrchestrator>();
            registry.AddActivityFunc<ExtractPageInput, ExtractPageResult>(nameof(ExtractSegmentPageActivity),
                (_, _) => new ExtractPageResult(1, new PhaseCounts(100, 100, 0, 0, 0), "same-page"));
        }, TestEngine.Options());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ExtractOrchestrator),
            new ExtractState(Plan(4), null, 0, 0, PhaseCounts.Zero));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("same nextPage", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_days_tokens_run_out_the_load_sleeps_until_the_reset_and_then_finishes_every_batch()
    {
        const int batches = 6;
        var reads = 0;
        // The phase wakes a margin after the reset; place the reset so that it wakes in 3 s.
        var wakeAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var resetAt = wakeAt - LoadPhaseOrchestrator.ResetMargin;
        var started = new List<(int Batch, DateTimeOffset At)>();

        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<LoadPhaseOrchestrator>();
            // The first read finds room for two batches of 10 (50 tokens each); after the reset the day is fresh.
            registry.AddActivityFunc<BudgetInput, BudgetView>(nameof(ReadBudgetActivity), (_, _) =>
                Interlocked.Increment(ref reads) == 1
                    ? new BudgetView(1_000, 900, resetAt, 40, 10)
                    : new BudgetView(1_000, 0, resetAt.AddDays(1), 40, 10));
            registry.AddActivityFunc<LoadBatchInput, BatchLoadResult>(nameof(LoadPersonsBatchActivity), (_, input) =>
            {
                lock (started)
                    started.Add((input.BatchNumber, DateTimeOffset.UtcNow));
                Assert.True(input.Allowance.Tokens >= BatchCost.Creates(10).Expected, $"allowance {input.Allowance.Tokens}");
                return new BatchLoadResult(new PhaseCounts(10, 10, 0, 0, 0), true, new ApiUsage(10, 50, 0, 0, 0), null);
            });
        }, TestEngine.Options());

        var plan = Plan(maxParallel: 1) with { Options = new RunOptions { MaxParallelBatches = 1, BatchSize = 10, TasksPerGeneration = Generation } };
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LoadPhaseOrchestrator),
            Persons(plan, batches));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new PhaseCounts(60, 60, 0, 0, 0), done.ReadOutputAs<PhaseCounts>());
        Assert.Equal(Enumerable.Range(0, batches), started.Select(s => s.Batch));
        Assert.All(started.Take(2), s => Assert.True(s.At < wakeAt));
        Assert.All(started.Skip(2), s => Assert.True(s.At >= wakeAt.AddMilliseconds(-50), $"batch {s.Batch} started before the budget reset"));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_batch_the_budget_stopped_part_way_runs_again_and_is_counted_once()
    {
        var attempts = new int[3];
        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<LoadPhaseOrchestrator>();
            registry.AddActivityFunc<BudgetInput, BudgetView>(nameof(ReadBudgetActivity), (_, _) => PlentyOfBudget());
            registry.AddActivityFunc<LoadBatchInput, BatchLoadResult>(nameof(LoadPersonsBatchActivity), (_, input) =>
                Interlocked.Increment(ref attempts[input.BatchNumber]) == 1 && input.BatchNumber == 1
                    ? new BatchLoadResult(PhaseCounts.Zero, false, new ApiUsage(3, 15, 0, 0, 0), null)
                    : new BatchLoadResult(new PhaseCounts(10, 10, 0, 0, 0), true, new ApiUsage(10, 50, 0, 0, 0), null));
        }, TestEngine.Options());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LoadPhaseOrchestrator),
            Persons(Plan(maxParallel: 2), 3));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal(new PhaseCounts(30, 30, 0, 0, 0), done.ReadOutputAs<PhaseCounts>());
        Assert.Equal([1, 2, 1], attempts);
    }

    private static LoadPhaseState Persons(MigrationPlan plan, int batches) =>
        new(plan, Phase.LoadPersons, nameof(LoadPersonsBatchActivity), batches, 0, PhaseCounts.Zero) { Cost = BatchCost.Creates(plan.Options.BatchSize) };

    private static BudgetView PlentyOfBudget() => new(1_000_000, 0, DateTimeOffset.UtcNow.AddDays(1), 40, 10);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Verification_visits_every_stride_th_batch_across_generations_and_sleeps_through_a_spent_day(int width)
    {
        var visits = new List<int>();
        // The phase wakes a reset margin after the time Pipedrive names: name one almost that long ago.
        var resumeAt = DateTimeOffset.UtcNow - LoadPhaseOrchestrator.ResetMargin + TimeSpan.FromSeconds(2);
        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<VerifyPersonsOrchestrator>();
            registry.AddActivityFunc<BudgetInput, BudgetView>(nameof(ReadBudgetActivity), (_, _) => new BudgetView(1_000, 1_000, resumeAt.AddDays(1), 40, 10));
            registry.AddActivityFunc<VerifyBatchInput, VerifyBatchResult>(nameof(VerifyPersonsBatchActivity), (_, input) =>
            {
                lock (visits)
                {
                    visits.Add(input.Batch);
                    // Batch 4's first attempt meets a spent day: Pipedrive says until when.
                    return input.Batch == 4 && visits.Count(v => v == 4) == 1
                        ? new VerifyBatchResult(false, VerificationResult.None, resumeAt)
                        : new VerifyBatchResult(true, new VerificationResult(100, 900, 1, 0, 1), null);
                }
            });
            registry.AddActivityFunc<VerificationReportInput, VerificationResult>(nameof(WriteVerificationReportActivity), (_, input) => input.Totals);
        }, TestEngine.Options());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(VerifyPersonsOrchestrator),
            new VerifyPersonsState("run-test", "p", BatchCount: 2 * Generation + 5, Stride: 2, DefaultOwnerId: null, TasksPerGeneration: 4, NextBatch: 0) { Width = width });
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var expected = Enumerable.Range(0, 2 * Generation + 5).Where(b => b % 2 == 0).ToList();
        Assert.Equal(expected, visits.Distinct().Order());
        Assert.Equal(2, visits.Count(v => v == 4)); // tried again after the sleep, not skipped
        // A wide wave that met the spent day verifies the batches after batch 4 again; they still count once.
        Assert.True(visits.Count <= expected.Count + width, string.Join(",", visits));
        Assert.Equal(new VerificationResult(100L * expected.Count, 900L * expected.Count, expected.Count, 0, expected.Count), done.ReadOutputAs<VerificationResult>());
    }
}
