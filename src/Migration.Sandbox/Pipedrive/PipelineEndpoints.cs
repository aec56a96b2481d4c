using Migration.Sandbox.Hosting;
using static Migration.Sandbox.Pipedrive.PipedriveOperations;

namespace Migration.Sandbox.Pipedrive;

/// <summary>v2 /pipelines and /stages.</summary>
internal static partial class PipedriveEndpoints
{
    private static void MapPipelines(this WebApplication app, PipedriveAccount account)
    {
        app.MapOperation(GetPipelines, (HttpContext c) =>
        {
            var page = RecordListing.List(account.Pipelines().Where(p => !p.IsDeleted), c.Request.Query);
            return PipedriveWire.Page(page.Items.Select(PipedriveViews.Pipeline).ToArray(), page.NextCursor);
        });
        app.MapOperation(AddPipeline, async (HttpContext c) => PipedriveWire.Ok(PipedriveViews.Pipeline(account.AddPipeline(await ReadObject(c)))));
        app.MapOperation(GetPipeline, (HttpContext c) =>
            account.FindPipeline(RouteId(c)) is { } pipeline
                ? PipedriveWire.Ok(PipedriveViews.Pipeline(pipeline))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Pipeline not found"));
        app.MapOperation(UpdatePipeline, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.Pipeline(account.UpdatePipeline(id, await ReadObject(c))));
        });
        app.MapOperation(DeletePipeline, (HttpContext c) =>
        {
            var id = RouteId(c);
            account.DeletePipeline(id);
            return PipedriveWire.Ok(new DeletedData(id));
        });

        app.MapOperation(GetStages, (HttpContext c) =>
        {
            var pipelineId = QueryRules.OptionalInt(c.Request.Query, "pipeline_id");
            var stages = account.Stages().Where(s => !s.IsDeleted && (pipelineId is null || s.PipelineId == pipelineId));
            var page = RecordListing.List(stages, c.Request.Query, new RecordListing.SortKey<StoredStage>("order_nr", s => s.OrderNr));
            return PipedriveWire.Page(page.Items.Select(PipedriveViews.Stage).ToArray(), page.NextCursor);
        });
        app.MapOperation(AddStage, async (HttpContext c) => PipedriveWire.Ok(PipedriveViews.Stage(account.AddStage(await ReadObject(c)))));
        app.MapOperation(GetStage, (HttpContext c) =>
            account.FindStage(RouteId(c)) is { } stage
                ? PipedriveWire.Ok(PipedriveViews.Stage(stage))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Stage not found"));
        app.MapOperation(UpdateStage, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.Stage(account.UpdateStage(id, await ReadObject(c))));
        });
        app.MapOperation(DeleteStage, (HttpContext c) =>
        {
            var id = RouteId(c);
            account.DeleteStage(id);
            return PipedriveWire.Ok(new DeletedData(id));
        });
    }
}
