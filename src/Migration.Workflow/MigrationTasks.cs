using Microsoft.DurableTask;
using Migration.Workflow.Activities;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow;

/// <summary>
/// The one registry of every durable task. The local host registers these with its worker; the
/// Functions app has one <c>[Function]</c> wrapper per entry, and a test holds the two together.
/// </summary>
public static class MigrationTasks
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(MigrationOrchestrator),
        typeof(DiscoverOrchestrator),
        typeof(ExtractOrchestrator),
        typeof(LoadPhaseOrchestrator),
        typeof(ImportFilesOrchestrator),
        typeof(SampleMigrationOrchestrator),
        typeof(VerifyPersonsOrchestrator),
        typeof(ExtractSegmentsOrchestrator),
        typeof(PlanOrganizationsOrchestrator),
        typeof(RouteExtrasOrchestrator),
        typeof(RollbackOrchestrator),
        typeof(HandoverOrchestrator),
        typeof(DeltaSyncOrchestrator),
    ];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(DiscoverScopeActivity),
        typeof(ExtractSegmentPageActivity),
        typeof(SplitImportFileActivity),
        typeof(StageImportChunkActivity),
        typeof(ProposeFieldMapActivity),
        typeof(ProvisionSchemaActivity),
        typeof(SelectSampleActivity),
        typeof(LoadSampleActivity),
        typeof(VerifySampleActivity),
        typeof(CheckPhaseActivity),
        typeof(VerifyPersonsBatchActivity),
        typeof(WriteVerificationReportActivity),
        typeof(LoadPersonsBatchActivity),
        typeof(WriteReconciliationReportActivity),
        typeof(ReadBudgetActivity),
        typeof(ReadGateDecisionActivity),
        typeof(ReadPhaseResultsActivity),
        typeof(RecordPhaseResultActivity),
        typeof(CollectOrganizationsActivity),
        typeof(ExtractSegmentMembersPageActivity),
        typeof(IndexPersonRangeActivity),
        typeof(ListSegmentsActivity),
        typeof(LoadActivitiesBatchActivity),
        typeof(LoadCampaignsBatchActivity),
        typeof(LoadFiltersBatchActivity),
        typeof(LoadOrganizationsBatchActivity),
        typeof(LoadTouchpointsBatchActivity),
        typeof(MergeExtrasRangeActivity),
        typeof(PlanCampaignsActivity),
        typeof(PlanRoutingActivity),
        typeof(RouteUnitActivity),
        typeof(StageOrganizationsActivity),
        typeof(WriteActivityTableActivity),
        typeof(WriteSegmentFilterReportActivity),
        typeof(PlanRollbackActivity),
        typeof(RollbackBatchActivity),
        typeof(RollbackSchemaActivity),
        typeof(WriteRollbackReportActivity),
        typeof(WriteHandoverPartActivity),
        typeof(WriteHandoverActivity),
        typeof(ReadDeltaPageActivity),
        typeof(PlanDeltaGoneActivity),
        typeof(FindDeltaGoneActivity),
        typeof(ChunkDeltaActivity),
        typeof(ApplyDeltaBatchActivity),
        typeof(FinishDeltaSyncActivity),
    ];

    public static DurableTaskRegistry AddMigrationTasks(this DurableTaskRegistry registry)
    {
        foreach (var orchestrator in Orchestrators)
            registry.AddOrchestrator(orchestrator);
        foreach (var activity in Activities)
            registry.AddActivity(activity);
        return registry;
    }
}
