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

    /// <summary>Decisions taken before the run reached these gates (read first, so the run does not hold).</summary>
    private static readonly string[] DecidedEarly = [Gate.Mapping, Gate.Sample];

    private static void WholeRun(
        DurableTaskRegistry registry, long euUsers, List<ExtractPageInput> pages, IReadOnlyCollection<string>? decided = null, List<string>? steps = null,
        IReadOnlyDictionary<string, PhaseCounts>? phaseTotals = null)
    {
        var rejects = phaseTotals ?? new Dictionary<string, PhaseCounts>();
        decided ??= DecidedEarly;
        void Step(string name)
        {
            if (steps is not null)
                lock (steps)
                    steps.Add(name);
        }
        foreach (var orchestrator in MigrationTasks.Orchestrators)
            registry.AddOrchestrator(orchestrator);
        registry.AddActivityFunc<string, IReadOnlyDictionary<string, string>>(nameof(ReadPhaseResultsActivity), (_, _) => new Dictionary<string, string>());
        registry.AddActivityFunc<PhaseResult, bool>(nameof(RecordPhaseResultActivity), (_, _) => true);
        registry.AddActivityFunc<GateQuery, GateDecision?>(nameof(ReadGateDecisionActivity), (_, query) =>
            decided.Contains(query.Gate) ? new GateDecision(query.Gate, Gate.Approve, "ops", DateTimeOffset.UtcNow, null, null) : null);
        registry.AddActivityFunc<ProposeMappingInput, MappingSummary>(nameof(ProposeFieldMapActivity), (_, _) =>
        {
            Step("mapping");
            return new MappingSummary(1, 20, 12, 2, 100);
        });
        registry.AddActivityFunc<SchemaInput, SchemaResult>(nameof(ProvisionSchemaActivity), (_, _) =>
        {
            Step("schema");
            return new SchemaResult(1, "key-40", 0, 13, 9, 3, 4);
        });
        registry.AddActivityFunc<PhaseCheckInput, PhaseCheck>(nameof(CheckPhaseActivity), (_, input) =>
            new PhaseCheck(input.Phase, rejects.TryGetValue(input.Phase, out var r) ? r : new PhaseCounts(100, 100, 0, 0, 0), input.Tolerance, []));
        registry.AddActivityFunc<VerifyBatchInput, VerifyBatchResult>(nameof(VerifyPersonsBatchActivity), (_, _) =>
        {
            Step("verify");
            return new VerifyBatchResult(true, new VerificationResult(100, 900, 0, 0, 1), null);
        });
        registry.AddActivityFunc<VerificationReportInput, VerificationResult>(nameof(WriteVerificationReportActivity), (_, input) => input.Totals);
        registry.AddActivityFunc<SampleInput, SampleSelection>(nameof(SelectSampleActivity), (_, _) => new SampleSelection(100, 1, ["Name"], []));
        registry.AddActivityFunc<SampleInput, SampleLoadResult>(nameof(LoadSampleActivity), (_, _) =>
        {
            Step("sample");
            return new SampleLoadResult(new PhaseCounts(100, 100, 0, 0, 0), true, null);
        });
        registry.AddActivityFunc<SampleInput, SampleResult>(nameof(VerifySampleActivity), (_, _) => new SampleResult(100, 100, 900, 0, [], []));
        registry.AddActivityFunc<MigrationPlan, DiscoverResult>(nameof(DiscoverScopeActivity), (_, _) => new DiscoverResult(1, "All", 100, 100, euUsers, 5));
        registry.AddActivityFunc<ExtractPageInput, ExtractPageResult>(nameof(ExtractSegmentPageActivity), (_, input) =>
        {
            lock (pages)
                pages.Add(input);
            return new ExtractPageResult(1, new PhaseCounts(100, 100, 0, 0, 0), null);
        });
        registry.AddActivityFunc<BudgetInput, BudgetView>(nameof(ReadBudgetActivity), (_, _) => new BudgetView(1_000_000, 0, DateTimeOffset.UtcNow.AddDays(1), 40, 10));
        registry.AddActivityFunc<LoadBatchInput, BatchLoadResult>(nameof(LoadPersonsBatchActivity), (_, _) =>
        {
            Step("load");
            return new BatchLoadResult(new PhaseCounts(100, 100, 0, 0, 0), true, ApiUsage.None, null);
        });
        registry.AddActivityFunc<ReconcileInput, MigrationOutcome>(nameof(WriteReconciliationReportActivity), (_, input) => new MigrationOutcome(input.RunId, true, []));

        // The steps between the gates that stage other objects: nothing to stage in this run.
        registry.AddActivityFunc<ListSegmentsInput, SegmentsListed>(nameof(ListSegmentsActivity), (_, _) => new SegmentsListed(0, []));
        registry.AddActivityFunc<OrganizationChunkInput, OrganizationChunkResult>(nameof(CollectOrganizationsActivity), (_, _) => new OrganizationChunkResult(0, 0));
        registry.AddActivityFunc<StageOrganizationsInput, OrganizationPlan>(nameof(StageOrganizationsActivity), (_, _) => new OrganizationPlan(0, 0, 0));
        registry.AddActivityFunc<RouteRangeInput, int>(nameof(IndexPersonRangeActivity), (_, _) => 0);
        registry.AddActivityFunc<RoutePlanInput, int>(nameof(PlanRoutingActivity), (_, _) => 0);
        registry.AddActivityFunc<RouteUnitInput, PhaseCounts>(nameof(RouteUnitActivity), (_, _) => PhaseCounts.Zero);
        registry.AddActivityFunc<RouteRangeInput, RouteMergeResult>(nameof(MergeExtrasRangeActivity), (_, _) => new RouteMergeResult(0, 0));
        registry.AddActivityFunc<ActivityTableInput, int>(nameof(WriteActivityTableActivity), (_, _) => 0);
        registry.AddActivityFunc<PlanCampaignsInput, PlanCampaignsResult>(nameof(PlanCampaignsActivity), (_, _) => new PlanCampaignsResult(0, 0, 0));
        registry.AddActivityFunc<SegmentReportInput, SegmentReportResult>(nameof(WriteSegmentFilterReportActivity), (_, _) => new SegmentReportResult(0, 0, 0));
        registry.AddActivityFunc<HandoverPartInput, HandoverPartResult>(nameof(WriteHandoverPartActivity), (_, input) =>
            new HandoverPartResult(input.Part, 0, new Dictionary<string, long>(), new Dictionary<string, long>()));
        registry.AddActivityFunc<WriteHandoverInput, HandoverResult>(nameof(WriteHandoverActivity), (_, _) =>
        {
            Step("handover");
            return new HandoverResult(new Dictionary<string, long>(), []);
        });
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
    public async Task Nothing_reaches_pipedrive_before_the_map_is_approved_and_the_load_waits_for_the_sample_verdict()
    {
        var steps = new List<string>();
        await using var host = await DurableTaskTestHost.StartAsync(r => WholeRun(r, euUsers: 0, [], decided: [], steps), TestEngine.Options());
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MigrationOrchestrator), Plan, new StartOrchestrationOptions(Plan.RunId));

        var atMapping = await WaitForGate(host.Client, Gate.Mapping);
        Assert.Contains("version 1", atMapping.Gate!.Question, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Equal(["mapping"], steps); // no schema, no sample, no load while the map waits

        await host.Client.RaiseEventAsync(Plan.RunId, Gate.EventName(Gate.Mapping),
            new GateDecision(Gate.Mapping, Gate.Approve, "ops", DateTimeOffset.UtcNow, null, null) { Version = 1 });
        var atSample = await WaitForGate(host.Client, Gate.Sample);
        Assert.Contains("900 of 900", atSample.Gate!.Question, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Equal(["mapping", "schema", "sample"], steps);

        await host.Client.RaiseEventAsync(Plan.RunId, Gate.EventName(Gate.Sample),
            new GateDecision(Gate.Sample, Gate.Approve, "ops", DateTimeOffset.UtcNow, null, null));
        var done = await host.Client.WaitForInstanceCompletionAsync(Plan.RunId, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["load", "verify", "handover"], steps[^3..]); // the handover is written at the end, after every load
    }

    [Fact]
    public async Task A_rejected_sample_stops_the_run_before_the_production_load()
    {
        var steps = new List<string>();
        await using var host = await DurableTaskTestHost.StartAsync(r => WholeRun(r, euUsers: 0, [], decided: [Gate.Mapping], steps), TestEngine.Options());
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MigrationOrchestrator), Plan, new StartOrchestrationOptions(Plan.RunId));

        await WaitForGate(host.Client, Gate.Sample);
        await host.Client.RaiseEventAsync(Plan.RunId, Gate.EventName(Gate.Sample),
            new GateDecision(Gate.Sample, Gate.Reject, "ops", DateTimeOffset.UtcNow, null, "phone numbers lost their country code"));
        var done = await host.Client.WaitForInstanceCompletionAsync(Plan.RunId, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("country code", done.ReadCustomStatusAs<RunProgress>()!.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain("load", steps);
    }

    [Fact]
    public async Task Rejects_over_the_tolerance_hold_the_run_at_the_phase_until_accepted_and_a_drift_stops_it()
    {
        var steps = new List<string>();
        var totals = new Dictionary<string, PhaseCounts> { [Phase.LoadPersons] = new(100, 90, 0, 0, 10) };
        await using var host = await DurableTaskTestHost.StartAsync(r => WholeRun(r, 0, [], steps: steps, phaseTotals: totals), TestEngine.Options());
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MigrationOrchestrator), Plan, new StartOrchestrationOptions(Plan.RunId));

        var held = await WaitForGate(host.Client, Phase.LoadPersons);
        Assert.Contains("10 of 100", held.Gate!.Question, StringComparison.Ordinal);
        Assert.Equal([Gate.Approve, Gate.Reject], held.Gate.Decisions);
        await host.Client.RaiseEventAsync(Plan.RunId, Gate.EventName(Phase.LoadPersons),
            new GateDecision(Phase.LoadPersons, Gate.Approve, "ops", DateTimeOffset.UtcNow, null, "bad emails, fixed in Netmera later"));
        var done = await host.Client.WaitForInstanceCompletionAsync(Plan.RunId, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        // 1 % is within the default 2 %: no gate. A count that does not balance stops the run with the drift.
        await using var drifting = await DurableTaskTestHost.StartAsync(r => WholeRun(r, 0, [], phaseTotals: new Dictionary<string, PhaseCounts>
        {
            [Phase.Extract] = new(100, 99, 0, 0, 1),
            [Phase.LoadPersons] = new(99, 97, 0, 0, 1),
        }), TestEngine.Options());
        await drifting.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MigrationOrchestrator), Plan, new StartOrchestrationOptions(Plan.RunId));
        var stopped = await drifting.Client.WaitForInstanceCompletionAsync(Plan.RunId, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, stopped.RuntimeStatus);
        Assert.Contains("drift 1", stopped.ReadCustomStatusAs<RunProgress>()!.Failure, StringComparison.Ordinal);
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

    private static async Task<RunProgress> WaitForGate(DurableTaskClient client, string? gate = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var instance = await client.GetInstanceAsync(Plan.RunId, getInputsAndOutputs: true);
            if (instance?.SerializedCustomStatus is { Length: > 0 } && instance.ReadCustomStatusAs<RunProgress>() is { Gate: not null } progress
                && (gate is null || progress.Gate.Name == gate))
                return progress;
            await Task.Delay(100);
        }
        var last = await client.GetInstanceAsync(Plan.RunId, getInputsAndOutputs: true);
        throw new TimeoutException($"the run never held at the gate: {last?.RuntimeStatus} {last?.SerializedCustomStatus} {last?.FailureDetails}");
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
