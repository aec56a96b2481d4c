using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Functions.Functions;

/// <summary>One wrapper per orchestrator in <c>MigrationTasks.Orchestrators</c>, named as the class.</summary>
public static class OrchestratorFunctions
{
    [Function(nameof(MigrationOrchestrator))]
    public static Task<MigrationOutcome> RunMigration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new MigrationOrchestrator().RunAsync(context, Input<MigrationPlan>(context));

    [Function(nameof(DiscoverOrchestrator))]
    public static Task<DiscoverResult> RunDiscover([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DiscoverOrchestrator().RunAsync(context, Input<MigrationPlan>(context));

    [Function(nameof(ExtractOrchestrator))]
    public static Task<ExtractResult> RunExtract([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ExtractOrchestrator().RunAsync(context, Input<ExtractState>(context));

    [Function(nameof(LoadPhaseOrchestrator))]
    public static Task<PhaseCounts> RunLoadPhase([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new LoadPhaseOrchestrator().RunAsync(context, Input<LoadPhaseState>(context));

    [Function(nameof(RollbackOrchestrator))]
    public static Task<RollbackSummary> RunRollback([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RollbackOrchestrator().RunAsync(context, Input<RollbackInput>(context));

    [Function(nameof(ImportFilesOrchestrator))]
    public static Task<ExtractResult> RunImportFiles([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ImportFilesOrchestrator().RunAsync(context, Input<ImportState>(context));

    [Function(nameof(SampleMigrationOrchestrator))]
    public static Task<SampleResult> RunSample([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SampleMigrationOrchestrator().RunAsync(context, Input<SampleInput>(context));

    [Function(nameof(VerifyPersonsOrchestrator))]
    public static Task<VerificationResult> RunVerifyPersons([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new VerifyPersonsOrchestrator().RunAsync(context, Input<VerifyPersonsState>(context));

    [Function(nameof(ExtractSegmentsOrchestrator))]
    public static Task<ExtractSegmentsResult> RunExtractSegments([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ExtractSegmentsOrchestrator().RunAsync(context, Input<ExtractSegmentsState>(context));

    [Function(nameof(PlanOrganizationsOrchestrator))]
    public static Task<OrganizationPlan> RunPlanOrganizations([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PlanOrganizationsOrchestrator().RunAsync(context, Input<PlanOrganizationsInput>(context));

    [Function(nameof(RouteExtrasOrchestrator))]
    public static Task<RouteExtrasResult> RunRouteExtras([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RouteExtrasOrchestrator().RunAsync(context, Input<RouteExtrasState>(context));

    [Function(nameof(HandoverOrchestrator))]
    public static Task<HandoverResult> RunHandover([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new HandoverOrchestrator().RunAsync(context, Input<HandoverInput>(context));

    [Function(nameof(DeltaSyncOrchestrator))]
    public static Task<Migration.Domain.Cutover.DeltaCounts> RunDeltaSync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DeltaSyncOrchestrator().RunAsync(context, Input<DeltaSyncState>(context));

    private static T Input<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} started without its {typeof(T).Name}.");
}
