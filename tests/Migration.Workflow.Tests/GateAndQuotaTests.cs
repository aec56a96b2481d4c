using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Migration.Domain.Budget;
using Migration.Domain.Gates;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow.Tests;

/// <summary>The run holds at the GDPR gate until a decision arrives, and Netmera's quota pauses extraction.</summary>
public class GateAndQuotaTests
{
    private static readonly MigrationPlan Plan = new()
    {
        RunId = "run-gate",
        NetmeraConnection = "n",
        SegmentId = 1,
        PipedriveConnection = "p",
        Options = new RunOptions { TasksPerGeneration = 10 },
    };

    private static void WholeRun(DurableTaskRegistry registry, long euUsers, List<ExtractPageInput> pages)
    {
        foreach (var orchestrator in MigrationTasks.Orchestrators)
            registry.AddOrchestrator(orchestrator);
        registry.AddActivityFunc<string, IReadOnlyDictionary<string, string>>(nameof(ReadPhaseResultsActivity), (_, _) => new Dictionary<string, string>());
        registry.AddActivityFunc<PhaseResult, bool>(nameof(RecordPhaseResultActivity), (_, _) => true);
        registry.AddActivityFunc<GateQuery, GateDecision?>(nameof(ReadGateDecisionActivity), (_, _) => (GateDecision?)null);
        registry.AddActivityFunc<MigrationPlan, DiscoverResult>(nameof(DiscoverScopeActivity), (_, _) => new DiscoverResult(1, "All", 100, 100, euUsers, 5));
        registry.AddActivityFunc<ExtractPageInput, ExtractPageResult>(nameof(ExtractSegmentPageActivity), (_, input) =>
        {
            lock (pages)
                pages.Add(input);
            return new ExtractPageResult(1, new PhaseCounts(100, 100, 0, 0, 0), null);
        });
        registry.AddActivityFunc<PersonFieldsInput, string>(nameof(EnsurePersonFieldsActivity), (_, _) => "key");
        registry.AddActivityFunc<BudgetInput, BudgetView>(nameof(ReadBudgetActivity), (_, _) => new BudgetView(1_000_000, 0, DateTimeOffset.UtcNow.AddDays(1), 40, 10));
        registry.AddActivityFunc<LoadPersonsBatchInput, BatchLoadResult>(nameof(LoadPersonsBatchActivity),
            (_, _) => new BatchLoadResult(new PhaseCounts(100, 100, 0, 0, 0), true, ApiUsage.None, null));
        registry.AddActivityFunc<string, MigrationOutcome>(nameof(WriteReconciliationReportActivity), (_, id) => new MigrationOutcome(id, true, []));
    }

    [Fact]
    public async Task Eu_users_hold_the_run_at_the_gdpr_gate_until_a_decision_and_exclusion_reaches_extraction()
    {
        var pages = new List<ExtractPageInput>();
        await using var host = await DurableTaskTestHost.StartAsync(r => WholeRun(r, euUsers: 12, pages), TestEngine.Options());

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MigrationOrchestrator), Plan, new StartOrchestrationOptions(Plan.RunId));
        var held = await WaitForGate(host.Client);
        Assert.Equal(Gate.Gdpr, held.Gate!.Name);
        Assert.Contains("12", held.Gate.Question, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Empty(pages); // nothing extracted while the gate is open

        await host.Client.RaiseEventAsync(Plan.RunId, Gate.EventName(Gate.Gdpr),
            new GateDecision(Gate.Gdpr, Gate.ExcludeEu, "DPO", DateTimeOffset.UtcNow, null, null));
        var done = await host.Client.WaitForInstanceCompletionAsync(Plan.RunId, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(Assert.Single(pages).ExcludeEu);
    }

    [Fact]
    public async Task Without_eu_users_there_is_no_gate()
    {
        var pages = new List<ExtractPageInput>();
        await using var host = await DurableTaskTestHost.StartAsync(r => WholeRun(r, euUsers: 0, pages), TestEngine.Options());

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MigrationOrchestrator), Plan, new StartOrchestrationOptions(Plan.RunId));
        var done = await host.Client.WaitForInstanceCompletionAsync(Plan.RunId, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.False(Assert.Single(pages).ExcludeEu);
    }

    [Fact]
    public async Task A_netmera_quota_refusal_pauses_extraction_and_reads_the_same_page_again()
    {
        var calls = new List<(string? NextPage, DateTimeOffset At)>();
        var resumeAt = DateTimeOffset.UtcNow.AddSeconds(2);
        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<ExtractOrchestrator>();
            registry.AddActivityFunc<ExtractPageInput, ExtractPageResult>(nameof(ExtractSegmentPageActivity), (_, input) =>
            {
                lock (calls)
                    calls.Add((input.NextPage, DateTimeOffset.UtcNow));
                if (input.PageNumber == 1 && calls.Count(c => c.NextPage == input.NextPage) == 1)
                    return new ExtractPageResult(0, PhaseCounts.Zero, input.NextPage) { PausedUntil = resumeAt };
                return new ExtractPageResult(1, new PhaseCounts(10, 10, 0, 0, 0), input.PageNumber < 2 ? $"p{input.PageNumber + 1}" : null);
            });
        }, TestEngine.Options());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ExtractOrchestrator), new ExtractState(Plan, null, 0, 0, PhaseCounts.Zero));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal(new ExtractResult(3, new PhaseCounts(30, 30, 0, 0, 0)), done.ReadOutputAs<ExtractResult>());
        Assert.Equal([null, "p1", "p1", "p2"], calls.Select(c => c.NextPage));
        Assert.True(calls[2].At >= resumeAt.AddMilliseconds(-50), "the page was read again before the pause ended");
    }

    private static async Task<RunProgress> WaitForGate(DurableTaskClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var instance = await client.GetInstanceAsync(Plan.RunId, getInputsAndOutputs: true);
            if (instance?.SerializedCustomStatus is { Length: > 0 } && instance.ReadCustomStatusAs<RunProgress>() is { Gate: not null } progress)
                return progress;
            await Task.Delay(100);
        }
        var last = await client.GetInstanceAsync(Plan.RunId, getInputsAndOutputs: true);
        throw new TimeoutException($"the run never held at the gate: {last?.RuntimeStatus} {last?.SerializedCustomStatus} {last?.FailureDetails}");
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
