using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Migration.Workflow.Api;

namespace Migration.Functions.Functions;

/// <summary>
/// The HTTP API (DESIGN §6) as HTTP triggers over <see cref="MigrationApi"/>. Function-level keys
/// guard every route in Azure.
/// </summary>
public sealed class MigrationHttpFunctions(MigrationApi api, MappingApi mapping, ImportsApi imports, RollbackApi rollback, EstimatesApi estimates, CutoverApi cutover, StatusPageApi page)
{
    [Function("StartMigration")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        Respond(request, await api.StartAsync(client, request.Body, request.HttpContext.RequestAborted));

    [Function("ListMigrations")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        Respond(request, await api.ListAsync(client, request.HttpContext.RequestAborted));

    [Function("GetMigration")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client) =>
        Respond(request, await api.GetAsync(client, id, request.HttpContext.RequestAborted));

    [Function("ApproveMigrationGate")]
    public async Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/approvals/{gate}")] HttpRequest request,
        string id,
        string gate,
        [DurableClient] DurableTaskClient client) =>
        Respond(request, await api.ApproveAsync(client, id, gate, request.Body, request.HttpContext.RequestAborted));

    [Function("RollbackMigration")]
    public async Task<IActionResult> Rollback(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/rollback")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client) =>
        Respond(request, await rollback.RollbackAsync(client, id, request.Body, request.HttpContext.RequestAborted));

    [Function("DeclareCutover")]
    public async Task<IActionResult> DeclareCutover(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/cutover")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client) =>
        Respond(request, await cutover.DeclareAsync(client, id, request.Body, request.HttpContext.RequestAborted));

    [Function("SyncCutover")]
    public async Task<IActionResult> SyncCutover(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/cutover/sync")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client) =>
        Respond(request, await cutover.SyncAsync(client, id, request.HttpContext.RequestAborted));

    [Function("CompleteCutover")]
    public async Task<IActionResult> CompleteCutover(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/cutover/complete")] HttpRequest request,
        string id) =>
        Respond(request, await cutover.CompleteAsync(id, request.Body, request.HttpContext.RequestAborted));

    [Function("UploadImportFile")]
    public async Task<IActionResult> UploadImport(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "imports/{folder}/{name}")] HttpRequest request,
        string folder,
        string name) =>
        Respond(request, await imports.UploadAsync(folder, name, request.Body, request.HttpContext.RequestAborted));

    [Function("ListImportFiles")]
    public async Task<IActionResult> ListImports(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "imports/{folder}")] HttpRequest request,
        string folder) =>
        Respond(request, await imports.ListAsync(folder, request.HttpContext.RequestAborted));

    [Function("GetFieldMap")]
    public async Task<IActionResult> GetMapping(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/mapping")] HttpRequest request,
        string id) =>
        Respond(request, await mapping.GetAsync(id, request.Query["version"], MappingFormat.Choose(request.Query["format"], request.Headers.Accept), request.HttpContext.RequestAborted));

    [Function("EditFieldMap")]
    public async Task<IActionResult> EditMapping(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "migrations/{id}/mapping")] HttpRequest request,
        string id) =>
        Respond(request, await mapping.EditAsync(id, request.Body, request.HttpContext.RequestAborted));

    [Function("DiffFieldMap")]
    public async Task<IActionResult> DiffMapping(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/mapping/diff")] HttpRequest request,
        string id) =>
        Respond(request, await mapping.DiffAsync(id, request.Query["from"], request.Query["to"], MappingFormat.Choose(request.Query["format"], request.Headers.Accept), request.HttpContext.RequestAborted));

    [Function("ListMigrationReports")]
    public async Task<IActionResult> ListReports(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/reports")] HttpRequest request,
        string id) =>
        Respond(request, await api.ListReportsAsync(id, request.HttpContext.RequestAborted));

    [Function("GetMigrationReport")]
    public async Task<IActionResult> GetReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/reports/{name}")] HttpRequest request,
        string id,
        string name) =>
        Respond(request, await api.GetReportAsync(id, name, request.HttpContext.RequestAborted));

    [Function("GetMigrationStatusPage")]
    public async Task<IActionResult> GetStatusPage(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/page")] HttpRequest request,
        string id) =>
        Respond(request, await page.PageAsync(id, request.HttpContext.RequestAborted));

    [Function("GetMigrationSeries")]
    public async Task<IActionResult> GetSeries(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/series")] HttpRequest request,
        string id) =>
        Respond(request, await page.SeriesAsync(id, request.HttpContext.RequestAborted));

    [Function("EstimateMigration")]
    public async Task<IActionResult> Estimate(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "estimates")] HttpRequest request) =>
        Respond(request, await estimates.EstimateAsync(request.Body, request.HttpContext.RequestAborted));

    private static ContentResult Respond(HttpRequest request, ApiResult result)
    {
        if (result.Location is not null)
            request.HttpContext.Response.Headers.Location = result.Location;
        return new ContentResult { StatusCode = result.Status, Content = result.Content, ContentType = result.ContentType };
    }
}
