using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Functions.Functions;

/// <summary>
/// One wrapper per activity in <c>MigrationTasks.Activities</c>, named as the class. Each resolves
/// the activity from the function's services and runs it with the invocation's cancellation token.
/// </summary>
public static class ActivityFunctions
{
    [Function(nameof(DiscoverScopeActivity))]
    public static Task<DiscoverResult> DiscoverScope([ActivityTrigger] MigrationPlan input, FunctionContext context) =>
        Run<DiscoverScopeActivity, MigrationPlan, DiscoverResult>(input, context);

    [Function(nameof(ExtractSegmentPageActivity))]
    public static Task<ExtractPageResult> ExtractSegmentPage([ActivityTrigger] ExtractPageInput input, FunctionContext context) =>
        Run<ExtractSegmentPageActivity, ExtractPageInput, ExtractPageResult>(input, context);

    [Function(nameof(SplitImportFileActivity))]
    public static Task<SplitImportResult> SplitImportFile([ActivityTrigger] SplitImportInput input, FunctionContext context) =>
        Run<SplitImportFileActivity, SplitImportInput, SplitImportResult>(input, context);

    [Function(nameof(StageImportChunkActivity))]
    public static Task<ExtractPageResult> StageImportChunk([ActivityTrigger] StageImportChunkInput input, FunctionContext context) =>
        Run<StageImportChunkActivity, StageImportChunkInput, ExtractPageResult>(input, context);

    [Function(nameof(ProposeFieldMapActivity))]
    public static Task<MappingSummary> ProposeFieldMap([ActivityTrigger] ProposeMappingInput input, FunctionContext context) =>
        Run<ProposeFieldMapActivity, ProposeMappingInput, MappingSummary>(input, context);

    [Function(nameof(ProvisionSchemaActivity))]
    public static Task<SchemaResult> ProvisionSchema([ActivityTrigger] SchemaInput input, FunctionContext context) =>
        Run<ProvisionSchemaActivity, SchemaInput, SchemaResult>(input, context);

    [Function(nameof(SelectSampleActivity))]
    public static Task<SampleSelection> SelectSample([ActivityTrigger] SampleInput input, FunctionContext context) =>
        Run<SelectSampleActivity, SampleInput, SampleSelection>(input, context);

    [Function(nameof(LoadSampleActivity))]
    public static Task<SampleLoadResult> LoadSample([ActivityTrigger] SampleInput input, FunctionContext context) =>
        Run<LoadSampleActivity, SampleInput, SampleLoadResult>(input, context);

    [Function(nameof(VerifySampleActivity))]
    public static Task<SampleResult> VerifySample([ActivityTrigger] SampleInput input, FunctionContext context) =>
        Run<VerifySampleActivity, SampleInput, SampleResult>(input, context);

    [Function(nameof(CheckPhaseActivity))]
    public static Task<Migration.Domain.Reconciliation.PhaseCheck> CheckPhase([ActivityTrigger] PhaseCheckInput input, FunctionContext context) =>
        Run<CheckPhaseActivity, PhaseCheckInput, Migration.Domain.Reconciliation.PhaseCheck>(input, context);

    [Function(nameof(VerifyPersonsBatchActivity))]
    public static Task<VerifyBatchResult> VerifyPersonsBatch([ActivityTrigger] VerifyBatchInput input, FunctionContext context) =>
        Run<VerifyPersonsBatchActivity, VerifyBatchInput, VerifyBatchResult>(input, context);

    [Function(nameof(WriteVerificationReportActivity))]
    public static Task<VerificationResult> WriteVerificationReport([ActivityTrigger] VerificationReportInput input, FunctionContext context) =>
        Run<WriteVerificationReportActivity, VerificationReportInput, VerificationResult>(input, context);

    [Function(nameof(LoadPersonsBatchActivity))]
    public static Task<BatchLoadResult> LoadPersonsBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<LoadPersonsBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(ReadBudgetActivity))]
    public static Task<BudgetView> ReadBudget([ActivityTrigger] BudgetInput input, FunctionContext context) =>
        Run<ReadBudgetActivity, BudgetInput, BudgetView>(input, context);

    [Function(nameof(CollectOrganizationsActivity))]
    public static Task<OrganizationChunkResult> CollectOrganizations([ActivityTrigger] OrganizationChunkInput input, FunctionContext context) =>
        Run<CollectOrganizationsActivity, OrganizationChunkInput, OrganizationChunkResult>(input, context);

    [Function(nameof(ExtractSegmentMembersPageActivity))]
    public static Task<SegmentPageResult> ExtractSegmentMembersPage([ActivityTrigger] SegmentPageInput input, FunctionContext context) =>
        Run<ExtractSegmentMembersPageActivity, SegmentPageInput, SegmentPageResult>(input, context);

    [Function(nameof(IndexPersonRangeActivity))]
    public static Task<int> IndexPersonRange([ActivityTrigger] RouteRangeInput input, FunctionContext context) =>
        Run<IndexPersonRangeActivity, RouteRangeInput, int>(input, context);

    [Function(nameof(ListSegmentsActivity))]
    public static Task<SegmentsListed> ListSegments([ActivityTrigger] ListSegmentsInput input, FunctionContext context) =>
        Run<ListSegmentsActivity, ListSegmentsInput, SegmentsListed>(input, context);

    [Function(nameof(LoadActivitiesBatchActivity))]
    public static Task<BatchLoadResult> LoadActivitiesBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<LoadActivitiesBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(LoadCampaignsBatchActivity))]
    public static Task<BatchLoadResult> LoadCampaignsBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<LoadCampaignsBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(LoadFiltersBatchActivity))]
    public static Task<BatchLoadResult> LoadFiltersBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<LoadFiltersBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(PlanRollbackActivity))]
    public static Task<RollbackBatches> PlanRollback([ActivityTrigger] string runId, FunctionContext context) =>
        Run<PlanRollbackActivity, string, RollbackBatches>(runId, context);

    [Function(nameof(RollbackBatchActivity))]
    public static Task<BatchLoadResult> RollbackBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<RollbackBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(RollbackSchemaActivity))]
    public static Task<BatchLoadResult> RollbackSchema([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<RollbackSchemaActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(WriteRollbackReportActivity))]
    public static Task<RollbackSummary> WriteRollbackReport([ActivityTrigger] RollbackReportInput input, FunctionContext context) =>
        Run<WriteRollbackReportActivity, RollbackReportInput, RollbackSummary>(input, context);

    [Function(nameof(LoadOrganizationsBatchActivity))]
    public static Task<BatchLoadResult> LoadOrganizationsBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<LoadOrganizationsBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(LoadTouchpointsBatchActivity))]
    public static Task<BatchLoadResult> LoadTouchpointsBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<LoadTouchpointsBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(MergeExtrasRangeActivity))]
    public static Task<RouteMergeResult> MergeExtrasRange([ActivityTrigger] RouteRangeInput input, FunctionContext context) =>
        Run<MergeExtrasRangeActivity, RouteRangeInput, RouteMergeResult>(input, context);

    [Function(nameof(PlanCampaignsActivity))]
    public static Task<PlanCampaignsResult> PlanCampaigns([ActivityTrigger] PlanCampaignsInput input, FunctionContext context) =>
        Run<PlanCampaignsActivity, PlanCampaignsInput, PlanCampaignsResult>(input, context);

    [Function(nameof(PlanRoutingActivity))]
    public static Task<int> PlanRouting([ActivityTrigger] RoutePlanInput input, FunctionContext context) =>
        Run<PlanRoutingActivity, RoutePlanInput, int>(input, context);

    [Function(nameof(RouteUnitActivity))]
    public static Task<PhaseCounts> RouteUnit([ActivityTrigger] RouteUnitInput input, FunctionContext context) =>
        Run<RouteUnitActivity, RouteUnitInput, PhaseCounts>(input, context);

    [Function(nameof(StageOrganizationsActivity))]
    public static Task<OrganizationPlan> StageOrganizations([ActivityTrigger] StageOrganizationsInput input, FunctionContext context) =>
        Run<StageOrganizationsActivity, StageOrganizationsInput, OrganizationPlan>(input, context);

    [Function(nameof(WriteActivityTableActivity))]
    public static Task<int> WriteActivityTable([ActivityTrigger] ActivityTableInput input, FunctionContext context) =>
        Run<WriteActivityTableActivity, ActivityTableInput, int>(input, context);

    [Function(nameof(WriteSegmentFilterReportActivity))]
    public static Task<SegmentReportResult> WriteSegmentFilterReport([ActivityTrigger] SegmentReportInput input, FunctionContext context) =>
        Run<WriteSegmentFilterReportActivity, SegmentReportInput, SegmentReportResult>(input, context);

    [Function(nameof(WriteHandoverPartActivity))]
    public static Task<HandoverPartResult> WriteHandoverPart([ActivityTrigger] HandoverPartInput input, FunctionContext context) =>
        Run<WriteHandoverPartActivity, HandoverPartInput, HandoverPartResult>(input, context);

    [Function(nameof(WriteHandoverActivity))]
    public static Task<HandoverResult> WriteHandover([ActivityTrigger] WriteHandoverInput input, FunctionContext context) =>
        Run<WriteHandoverActivity, WriteHandoverInput, HandoverResult>(input, context);

    [Function(nameof(WriteReconciliationReportActivity))]
    public static Task<MigrationOutcome> WriteReconciliationReport([ActivityTrigger] ReconcileInput input, FunctionContext context) =>
        Run<WriteReconciliationReportActivity, ReconcileInput, MigrationOutcome>(input, context);

    [Function(nameof(ReadGateDecisionActivity))]
    public static Task<Migration.Domain.Gates.GateDecision?> ReadGateDecision([ActivityTrigger] GateQuery input, FunctionContext context) =>
        Run<ReadGateDecisionActivity, GateQuery, Migration.Domain.Gates.GateDecision?>(input, context);

    [Function(nameof(ReadPhaseResultsActivity))]
    public static Task<IReadOnlyDictionary<string, string>> ReadPhaseResults([ActivityTrigger] string input, FunctionContext context) =>
        Run<ReadPhaseResultsActivity, string, IReadOnlyDictionary<string, string>>(input, context);

    [Function(nameof(RecordPhaseResultActivity))]
    public static Task<bool> RecordPhaseResult([ActivityTrigger] PhaseResult input, FunctionContext context) =>
        Run<RecordPhaseResultActivity, PhaseResult, bool>(input, context);

    [Function(nameof(ReadDeltaPageActivity))]
    public static Task<DeltaPageResult> ReadDeltaPage([ActivityTrigger] DeltaPageInput input, FunctionContext context) =>
        Run<ReadDeltaPageActivity, DeltaPageInput, DeltaPageResult>(input, context);

    [Function(nameof(PlanDeltaGoneActivity))]
    public static Task<int> PlanDeltaGone([ActivityTrigger] DeltaPlanInput input, FunctionContext context) =>
        Run<PlanDeltaGoneActivity, DeltaPlanInput, int>(input, context);

    [Function(nameof(FindDeltaGoneActivity))]
    public static Task<long> FindDeltaGone([ActivityTrigger] DeltaRangeInput input, FunctionContext context) =>
        Run<FindDeltaGoneActivity, DeltaRangeInput, long>(input, context);

    [Function(nameof(ChunkDeltaActivity))]
    public static Task<int> ChunkDelta([ActivityTrigger] DeltaChunkInput input, FunctionContext context) =>
        Run<ChunkDeltaActivity, DeltaChunkInput, int>(input, context);

    [Function(nameof(ApplyDeltaBatchActivity))]
    public static Task<BatchLoadResult> ApplyDeltaBatch([ActivityTrigger] LoadBatchInput input, FunctionContext context) =>
        Run<ApplyDeltaBatchActivity, LoadBatchInput, BatchLoadResult>(input, context);

    [Function(nameof(FinishDeltaSyncActivity))]
    public static Task<Migration.Domain.Cutover.DeltaCounts> FinishDeltaSync([ActivityTrigger] DeltaFinishInput input, FunctionContext context) =>
        Run<FinishDeltaSyncActivity, DeltaFinishInput, Migration.Domain.Cutover.DeltaCounts>(input, context);

    private static Task<TOut> Run<TActivity, TIn, TOut>(TIn input, FunctionContext context)
        where TActivity : MigrationActivity<TIn, TOut> =>
        context.InstanceServices.GetRequiredService<TActivity>().ExecuteAsync(input, context.CancellationToken);
}
