using Microsoft.DurableTask;
using Migration.Workflow.Activities;
using Migration.Workflow.Models;

namespace Migration.Workflow.Orchestrators;

/// <summary>
/// The import half of extraction: each recognised file of the import folder is split and staged,
/// one file at a time; a panel user export's chunks are then staged one at a time like segment pages
/// (so the dedupe index has one writer), continuing the batch numbering. Continues as new every
/// <c>TasksPerGeneration</c> chunks. Returns the next batch number and the users' counts.
/// </summary>
public sealed class ImportFilesOrchestrator : TaskOrchestrator<ImportState, ExtractResult>
{
    public override async Task<ExtractResult> RunAsync(TaskOrchestrationContext context, ImportState state)
    {
        var plan = state.Plan;
        var tasks = 0;
        while (state.FileIndex < state.Files.Count)
        {
            var file = state.Files[state.FileIndex];
            if (file.Kind == ImportFile.Unrecognised)
            {
                state = state with { FileIndex = state.FileIndex + 1 };
                continue;
            }

            var chunks = state.Chunks ?? (await context.CallActivityAsync<SplitImportResult>(nameof(SplitImportFileActivity),
                new SplitImportInput(plan.RunId, plan.NetmeraConnection, plan.ImportFolder!, file, state.FileIndex), TaskPolicies.Activity)).Chunks;
            state = state with { Chunks = chunks };

            if (file.Kind == ImportFile.PanelUsers)
            {
                while (state.NextChunk < chunks)
                {
                    if (++tasks > plan.Options.TasksPerGeneration)
                    {
                        context.ContinueAsNew(state);
                        return default!; // ContinueAsNew: this generation's output is discarded.
                    }
                    var page = await context.CallActivityAsync<ExtractPageResult>(nameof(StageImportChunkActivity),
                        new StageImportChunkInput(plan.RunId, state.FileIndex, state.NextChunk, state.NextBatchNumber, plan.Options.BatchSize) { ExcludeEu = state.ExcludeEu, ExpectedUsers = state.ExpectedUsers },
                        TaskPolicies.Activity);
                    state = state with
                    {
                        NextChunk = state.NextChunk + 1,
                        NextBatchNumber = state.NextBatchNumber + page.BatchesWritten,
                        Counts = state.Counts.Add(page.Counts),
                    };
                }
            }
            state = state with { FileIndex = state.FileIndex + 1, Chunks = null, NextChunk = 0 };
        }
        return new ExtractResult(state.NextBatchNumber, state.Counts);
    }
}
