using System.Text.Json;
using Microsoft.DurableTask;
using Migration.Domain.Budget;
using Migration.Domain.Gates;
using Migration.Domain.Organizations;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Domain.Segments;
using Migration.Domain.Staging;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// One migration run: the phase list of DESIGN §1, one sub-orchestration or activity per phase, with
/// the GDPR, mapping and sample gates between them and a reconciliation gate after every phase that
/// moves records. The load runs in dependency order: organizations, persons (then their verification),
/// activities, campaign deals and their touchpoints, filters. A run started again under the same id
/// (to resume after a failure) skips the phases that finished: extraction especially must not run
/// twice, since a changed segment would renumber the staged batches the ledger is keyed by.
/// </summary>
public sealed class MigrationOrchestrator : TaskOrchestrator<MigrationPlan, MigrationOutcome>
{
    public override async Task<MigrationOutcome> RunAsync(TaskOrchestrationContext context, MigrationPlan plan)
    {
        var runId = plan.RunId;
        var finished = await context.CallActivityAsync<IReadOnlyDictionary<string, string>>(
            nameof(ReadPhaseResultsActivity), runId, TaskPolicies.Activity);

        var scope = await InPhase(context, Phase.Discover, () => context.CallSubOrchestratorAsync<DiscoverResult>(
            nameof(DiscoverOrchestrator), plan, TaskPolicies.Phase(runId, Phase.Discover)));

        // GDPR gate: EU/EEA users do not leave Netmera before someone with legal authority decides.
        var gdpr = scope.EuUsers > 0
            ? await AtGate(context, runId, Gate.Gdpr,
                $"{scope.EuUsers:N0} of the segment's users are in the EU/EEA. Approve moving them (give the legal basis), or exclude them.")
            : null;

        // Extraction: the segment's users through REST, then the import folder's files, one batch numbering.
        var excludeEu = gdpr?.Decision == Gate.ExcludeEu;
        var extracted = await Once(context, finished, runId, Phase.Extract, async () =>
        {
            var fromSegment = plan.SegmentId is null
                ? new ExtractResult(0, PhaseCounts.Zero)
                : await context.CallSubOrchestratorAsync<ExtractResult>(nameof(ExtractOrchestrator),
                    new ExtractState(plan, null, 0, 0, PhaseCounts.Zero) { ExcludeEu = excludeEu, ExpectedUsers = scope.KnownUsers }, TaskPolicies.Phase(runId, Phase.Extract));
            if (scope.Files.Count == 0)
                return fromSegment;
            var fromFiles = await context.CallSubOrchestratorAsync<ExtractResult>(nameof(ImportFilesOrchestrator),
                new ImportState(plan, scope.Files, 0, fromSegment.BatchCount, PhaseCounts.Zero) { ExcludeEu = excludeEu, ExpectedUsers = scope.KnownUsers },
                TaskPolicies.Phase(runId, "import"));
            return new ExtractResult(fromFiles.BatchCount, fromSegment.Counts.Add(fromFiles.Counts));
        });

        await ReconciliationGate(context, runId, Phase.Extract, plan.Options.RejectTolerance);
        if (scope.Files.Count > 0)
            await ReconciliationGate(context, runId, Phase.ExtractFiles, plan.Options.RejectTolerance);

        // Segment memberships (what REST can read of a segment), before the proposal that maps them.
        var segments = await Once(context, finished, runId, Phase.ExtractSegments, () => context.CallSubOrchestratorAsync<ExtractSegmentsResult>(
            nameof(ExtractSegmentsOrchestrator), new ExtractSegmentsState(plan), TaskPolicies.Phase(runId, Phase.ExtractSegments)));

        // The field map: proposed from Netmera's definitions and the staged values, confirmed by a person.
        var proposal = await Once(context, finished, runId, Phase.ProposeMapping, () => context.CallActivityAsync<MappingSummary>(
            nameof(ProposeFieldMapActivity),
            new ProposeMappingInput(runId, plan.NetmeraConnection, extracted.BatchCount, plan.Options.ProfileBatches, plan.Options.LabelThreshold)
            {
                OrganizationsFromEmailDomain = plan.Options.OrganizationsFromEmailDomain,
            },
            TaskPolicies.Activity));
        await AtGate(context, runId, Gate.Mapping,
            $"The field map (version {proposal.Version}: {proposal.Lines} lines, {proposal.CustomFields} new custom fields, {proposal.Flagged} flagged) " +
            "needs a person's confirmation before any record moves. Read GET .../mapping, edit with PUT, approve a version.");

        // What the approved map makes of the staged data: organizations named by the users, every
        // per-person row of the export files routed to its person's batch, campaigns merged into deals.
        var organizations = await Once(context, finished, runId, Phase.PlanOrganizations, () => context.CallSubOrchestratorAsync<OrganizationPlan>(
            nameof(PlanOrganizationsOrchestrator), new PlanOrganizationsInput(runId, extracted.BatchCount) { MaxParallelChunks = plan.Options.MaxParallelBatches },
            TaskPolicies.Phase(runId, Phase.PlanOrganizations)));
        var routed = await Once(context, finished, runId, Phase.RouteExtras, () => context.CallSubOrchestratorAsync<RouteExtrasResult>(
            nameof(RouteExtrasOrchestrator), new RouteExtrasState(plan, extracted.BatchCount), TaskPolicies.Phase(runId, Phase.RouteExtras)));
        foreach (var routing in new[] { Phase.RouteEvents, Phase.RoutePushResults, Phase.RoutePersonRows })
            await ReconciliationGate(context, runId, routing, plan.Options.RejectTolerance);
        var campaigns = await Once(context, finished, runId, Phase.PlanCampaigns, () => context.CallActivityAsync<PlanCampaignsResult>(
            nameof(PlanCampaignsActivity), new PlanCampaignsInput(runId), TaskPolicies.Activity));

        // Pipedrive's schema for the approved map, then a sample through the production path.
        var schema = await Once(context, finished, runId, Phase.Schema, () => context.CallActivityAsync<SchemaResult>(
            nameof(ProvisionSchemaActivity), new SchemaInput(runId, plan.PipedriveConnection), TaskPolicies.Activity));
        var sample = await Once(context, finished, runId, Phase.Sample, () => context.CallSubOrchestratorAsync<SampleResult>(
            nameof(SampleMigrationOrchestrator),
            new SampleInput(runId, plan.PipedriveConnection, extracted.BatchCount, plan.Options.SampleSize, plan.Options.DefaultOwnerId),
            TaskPolicies.Phase(runId, Phase.Sample)));
        var verdict = await AtGate(context, runId, Gate.Sample,
            $"{sample.Verified} sample persons were written and read back: {sample.Comparisons - sample.Mismatches} of {sample.Comparisons} field values match" +
            (sample.Mismatches > 0 ? $", mismatches in: {string.Join(", ", sample.MismatchedFields)}" : "") +
            ". Read reports/sample-verification.md, then approve the production load or reject.");
        if (verdict.Decision == Gate.Reject)
        {
            var reason = $"The sample was rejected by {verdict.Approver}{(verdict.Note is { Length: > 0 } note ? $": {note}" : "")}. " +
                "Its persons stay in Pipedrive for inspection; nothing else is loaded by this run.";
            context.SetCustomStatus(new RunProgress(Phase.SampleGate, reason));
            throw new InvalidOperationException(reason);
        }

        // The production load, in dependency order, each phase reconciled before the next starts.
        var expected = new Dictionary<string, long>
        {
            [Phase.LoadOrganizations] = organizations.Organizations,
            [Phase.LoadCampaigns] = campaigns.Campaigns,
            [Phase.LoadFilters] = segments.Moved,
        };
        await Load(context, finished, plan, Phase.LoadOrganizations, nameof(LoadOrganizationsBatchActivity), organizations.Batches,
            BatchCost.Creates(AtMost(OrganizationIndex.BatchSize, organizations.Organizations)), expected);
        await Load(context, finished, plan, Phase.LoadPersons, nameof(LoadPersonsBatchActivity), extracted.BatchCount,
            BatchCost.Creates(plan.Options.BatchSize), expected);
        await Once(context, finished, runId, Phase.VerifyPersons, () => context.CallSubOrchestratorAsync<VerificationResult>(
            nameof(VerifyPersonsOrchestrator),
            new VerifyPersonsState(runId, plan.PipedriveConnection, extracted.BatchCount, plan.Options.VerificationStride(), plan.Options.DefaultOwnerId,
                plan.Options.TasksPerGeneration, 0) { Width = plan.Options.MaxParallelBatches },
            TaskPolicies.Phase(runId, Phase.VerifyPersons)));
        await Load(context, finished, plan, Phase.LoadActivities, nameof(LoadActivitiesBatchActivity), routed.ActivityBatches,
            BatchCost.Activities(ActivityEvents.BatchSize), expected);
        await Load(context, finished, plan, Phase.LoadCampaigns, nameof(LoadCampaignsBatchActivity), campaigns.BatchCount,
            BatchCost.Creates(AtMost(100, campaigns.Campaigns)), expected);
        await Load(context, finished, plan, Phase.LoadTouchpoints, nameof(LoadTouchpointsBatchActivity), campaigns.BatchCount > 0 ? extracted.BatchCount : 0,
            BatchCost.Activities(200), expected);
        await Load(context, finished, plan, Phase.LoadFilters, nameof(LoadFiltersBatchActivity), segments.FilterBatchCount,
            LoadFiltersBatchActivity.Cost(AtMost(StagedSegments.FiltersPerBatch, segments.Moved)), expected);
        var segmentReport = await Once(context, finished, runId, Phase.SegmentReport, () => context.CallActivityAsync<SegmentReportResult>(
            nameof(WriteSegmentFilterReportActivity), new SegmentReportInput(runId, extracted.BatchCount), TaskPolicies.Activity));

        // The written handover of what cannot move (docs/handover.md), before reconcile: every ledger it reads is final
        // by now, and a run that reports Completed has its handover.
        await Once(context, finished, runId, Phase.Handover, () => context.CallSubOrchestratorAsync<HandoverResult>(
            nameof(HandoverOrchestrator),
            new HandoverInput(runId, extracted.BatchCount, scope.Files) { MaxParallelParts = plan.Options.MaxParallelBatches, Segments = segmentReport },
            TaskPolicies.Phase(runId, Phase.Handover)));

        var report = await InPhase(context, Phase.Reconcile, () => context.CallActivityAsync<MigrationOutcome>(
            nameof(WriteReconciliationReportActivity), new ReconcileInput(runId) { Expected = expected }, TaskPolicies.Activity));

        context.SetCustomStatus(new RunProgress(Phase.Completed));
        return report;
    }

    /// <summary>A batch's records: its size, or the phase's whole count when smaller, so a small phase is not priced as a full batch.</summary>
    private static int AtMost(int batchSize, long records) => (int)Math.Clamp(records, 1, batchSize);

    /// <summary>
    /// Holds the run at a gate until a decision is recorded (through the approvals API, which raises
    /// the event). A decision taken earlier (a resumed run, an early approval) is read first.
    /// </summary>
    private static async Task<GateDecision> AtGate(TaskOrchestrationContext context, string runId, string gate, string question)
    {
        var decision = await context.CallActivityAsync<GateDecision?>(nameof(ReadGateDecisionActivity), new GateQuery(runId, gate), TaskPolicies.Activity);
        if (decision is null)
        {
            context.SetCustomStatus(new RunProgress(Phase.AtGate(gate))
            {
                Gate = new OpenGate(gate, context.CurrentUtcDateTime, question, Gate.DecisionsFor(gate)),
            });
            decision = await context.WaitForExternalEvent<GateDecision>(Gate.EventName(gate));
        }
        context.SetCustomStatus(new RunProgress(Phase.AtGate(gate)));
        return decision;
    }

    /// <summary>
    /// After a record-moving phase: its counts must balance exactly (a drift means a batch went
    /// unaccounted, which no decision can make right), and rejects above the tolerance hold the run at
    /// the phase's gate until a person accepts them or stops the run.
    /// </summary>
    private static async Task ReconciliationGate(TaskOrchestrationContext context, string runId, string phase, double tolerance, long? expected = null)
    {
        var check = await context.CallActivityAsync<PhaseCheck>(nameof(CheckPhaseActivity),
            new PhaseCheckInput(runId, phase, tolerance) { Expected = expected }, TaskPolicies.Activity);
        if (!check.Counts.Balances)
        {
            var drift = $"{phase} does not balance: expected {check.Counts.Expected}, accounted {check.Counts.Accounted} (drift {check.Counts.Drift}). " +
                "A batch went unaccounted, which is a defect: report it with the run id (its checkpoints and ledger show which batch).";
            context.SetCustomStatus(new RunProgress(phase, drift));
            throw new InvalidOperationException(drift);
        }
        if (!check.NeedsApproval)
            return;
        var decision = await AtGate(context, runId, phase, check.Question);
        if (decision.Decision == Gate.Reject)
        {
            var reason = $"{decision.Approver} refused the {phase} rejects{(decision.Note is { Length: > 0 } note ? $": {note}" : "")}.";
            context.SetCustomStatus(new RunProgress(Phase.AtGate(phase), reason));
            throw new InvalidOperationException(reason);
        }
    }

    /// <summary>
    /// A load phase through <see cref="LoadPhaseOrchestrator"/> (once per run), then its reconciliation
    /// gate, checked against what the step before it staged when <paramref name="expected"/> names it.
    /// </summary>
    private static async Task Load(
        TaskOrchestrationContext context, IReadOnlyDictionary<string, string> finished, MigrationPlan plan, string phase, string activity, int batches,
        BatchCost cost, IReadOnlyDictionary<string, long> expected)
    {
        await Once(context, finished, plan.RunId, phase, () => context.CallSubOrchestratorAsync<PhaseCounts>(
            nameof(LoadPhaseOrchestrator), new LoadPhaseState(plan, phase, activity, batches, 0, PhaseCounts.Zero) { Cost = cost },
            TaskPolicies.Phase(plan.RunId, phase)));
        await ReconciliationGate(context, plan.RunId, phase, plan.Options.RejectTolerance, expected.TryGetValue(phase, out var e) ? e : null);
    }

    /// <summary>Runs a phase unless an earlier attempt of this run finished it; records its result when it finishes.</summary>
    private static async Task<T> Once<T>(
        TaskOrchestrationContext context, IReadOnlyDictionary<string, string> finished, string runId, string phase, Func<Task<T>> step)
    {
        if (finished.TryGetValue(phase, out var json))
            return JsonSerializer.Deserialize<T>(json)!;
        var result = await InPhase(context, phase, step);
        await context.CallActivityAsync<bool>(nameof(RecordPhaseResultActivity),
            new PhaseResult(runId, phase, JsonSerializer.Serialize(result)), TaskPolicies.Activity);
        return result;
    }

    /// <summary>Shows the phase while it runs; when it fails, records why before the run fails.</summary>
    private static async Task<T> InPhase<T>(TaskOrchestrationContext context, string phase, Func<Task<T>> step)
    {
        context.SetCustomStatus(new RunProgress(phase));
        try
        {
            return await step();
        }
        catch (TaskFailedException e)
        {
            context.SetCustomStatus(new RunProgress(phase, RootCause(e.FailureDetails)));
            throw;
        }
    }

    private static string RootCause(TaskFailureDetails failure)
    {
        while (failure.InnerFailure is not null)
            failure = failure.InnerFailure;
        return failure.ErrorMessage;
    }
}
