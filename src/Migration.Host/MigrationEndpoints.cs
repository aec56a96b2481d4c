using Microsoft.DurableTask.Client;
using Migration.Workflow.Api;

namespace Migration.Host;

/// <summary>The HTTP API (DESIGN §6) on the local host: thin routes over <see cref="MigrationApi"/>.</summary>
public static class MigrationEndpoints
{
    /// <summary>The largest export file the host accepts through the API (larger ones go to storage directly).</summary>
    public const long UploadLimitBytes = 2L * 1024 * 1024 * 1024;

    public static IEndpointRouteBuilder MapMigrationApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup(MigrationApi.RoutePrefix);
        runs.MapPost("", async (HttpRequest request, MigrationApi api, DurableTaskClient client, CancellationToken ct) =>
            new ApiHttpResult(await api.StartAsync(client, request.Body, ct)));
        runs.MapGet("", async (MigrationApi api, DurableTaskClient client, CancellationToken ct) =>
            new ApiHttpResult(await api.ListAsync(client, ct)));
        runs.MapGet("{id}", async (string id, MigrationApi api, DurableTaskClient client, CancellationToken ct) =>
            new ApiHttpResult(await api.GetAsync(client, id, ct)));
        runs.MapPost("{id}/approvals/{gate}", async (string id, string gate, HttpRequest request, MigrationApi api, DurableTaskClient client, CancellationToken ct) =>
            new ApiHttpResult(await api.ApproveAsync(client, id, gate, request.Body, ct)));
        runs.MapPost("{id}/rollback", async (string id, HttpRequest request, RollbackApi api, DurableTaskClient client, CancellationToken ct) =>
            new ApiHttpResult(await api.RollbackAsync(client, id, request.Body, ct)));
        runs.MapPost("{id}/cutover", async (string id, HttpRequest request, CutoverApi api, DurableTaskClient client, CancellationToken ct) =>
            new ApiHttpResult(await api.DeclareAsync(client, id, request.Body, ct)));
        runs.MapPost("{id}/cutover/sync", async (string id, CutoverApi api, DurableTaskClient client, CancellationToken ct) =>
            new ApiHttpResult(await api.SyncAsync(client, id, ct)));
        runs.MapPost("{id}/cutover/complete", async (string id, HttpRequest request, CutoverApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.CompleteAsync(id, request.Body, ct)));
        runs.MapGet("{id}/mapping", async (string id, HttpRequest request, MappingApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.GetAsync(id, request.Query["version"], MappingFormat.Choose(request.Query["format"], request.Headers.Accept), ct)));
        runs.MapPut("{id}/mapping", async (string id, HttpRequest request, MappingApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.EditAsync(id, request.Body, ct)));
        runs.MapGet("{id}/mapping/diff", async (string id, HttpRequest request, MappingApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.DiffAsync(id, request.Query["from"], request.Query["to"], MappingFormat.Choose(request.Query["format"], request.Headers.Accept), ct)));
        runs.MapGet("{id}/reports", async (string id, MigrationApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.ListReportsAsync(id, ct)));
        runs.MapGet("{id}/reports/{name}", async (string id, string name, MigrationApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.GetReportAsync(id, name, ct)));
        runs.MapGet("{id}/page", async (string id, StatusPageApi page, CancellationToken ct) =>
            new ApiHttpResult(await page.PageAsync(id, ct)));
        runs.MapGet("{id}/series", async (string id, StatusPageApi page, CancellationToken ct) =>
            new ApiHttpResult(await page.SeriesAsync(id, ct)));

        var imports = app.MapGroup(ImportsApi.RoutePrefix);
        imports.MapPut("{folder}/{name}", async (string folder, string name, HttpRequest request, ImportsApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.UploadAsync(folder, name, request.Body, ct)))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(UploadLimitBytes)); // export files exceed Kestrel's 30 MB default
        imports.MapGet("{folder}", async (string folder, ImportsApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.ListAsync(folder, ct)));

        app.MapPost(EstimatesApi.Route, async (HttpRequest request, EstimatesApi api, CancellationToken ct) =>
            new ApiHttpResult(await api.EstimateAsync(request.Body, ct)));

        // Anything else under /api answers as a problem document too.
        app.Map("/api/{**rest}", (HttpContext context) => new ApiHttpResult(ApiResult.Problem(404, "not-found", "No such endpoint",
            $"{context.Request.Method} {context.Request.Path} is not part of this API.", context.Request.Path)));
        return app;
    }
}

/// <summary>Writes a host-neutral <see cref="ApiResult"/> as the HTTP response.</summary>
public sealed class ApiHttpResult(ApiResult result) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = result.Status;
        response.ContentType = result.ContentType;
        if (result.Location is not null)
            response.Headers.Location = result.Location;
        if (result.Content is not null)
            await response.WriteAsync(result.Content, httpContext.RequestAborted);
    }
}
