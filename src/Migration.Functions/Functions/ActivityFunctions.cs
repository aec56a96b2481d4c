using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
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

    [Function(nameof(WriteReconciliationReportActivity))]
    public static Task<MigrationOutcome> WriteReconciliationReport([ActivityTrigger] string input, FunctionContext context) =>
        Run<WriteReconciliationReportActivity, string, MigrationOutcome>(input, context);

    [Function(nameof(ReadGateDecisionActivity))]
    public static Task<Migration.Domain.Gates.GateDecision?> ReadGateDecision([ActivityTrigger] GateQuery input, FunctionContext context) =>
        Run<ReadGateDecisionActivity, GateQuery, Migration.Domain.Gates.GateDecision?>(input, context);

    [Function(nameof(ReadPhaseResultsActivity))]
    public static Task<IReadOnlyDictionary<string, string>> ReadPhaseResults([ActivityTrigger] string input, FunctionContext context) =>
        Run<ReadPhaseResultsActivity, string, IReadOnlyDictionary<string, string>>(input, context);

    [Function(nameof(RecordPhaseResultActivity))]
    public static Task<bool> RecordPhaseResult([ActivityTrigger] PhaseResult input, FunctionContext context) =>
        Run<RecordPhaseResultActivity, PhaseResult, bool>(input, context);

    private static Task<TOut> Run<TActivity, TIn, TOut>(TIn input, FunctionContext context)
        where TActivity : MigrationActivity<TIn, TOut> =>
        context.InstanceServices.GetRequiredService<TActivity>().ExecuteAsync(input, context.CancellationToken);
}
