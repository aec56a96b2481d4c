using System.Text.RegularExpressions;
using Migration.Storage;

namespace Migration.Workflow.Api;

/// <summary>
/// <c>/api/imports/{folder}</c>: the import folders runs read Netmera's export files from
/// (<c>imports/{folder}/</c> in the run storage). Uploading through the API suits a single machine and
/// files of a few hundred megabytes; in Azure, larger exports go straight to the storage account
/// (azcopy, Storage Explorer) into the same path.
/// </summary>
public sealed partial class ImportsApi(StagingStore staging)
{
    public const string RoutePrefix = "/api/imports";

    /// <summary><c>PUT /api/imports/{folder}/{name}</c>: stores the body as the file (replacing one of that name).</summary>
    public async Task<ApiResult> UploadAsync(string folder, string name, Stream body, CancellationToken cancellationToken)
    {
        if (Invalid(folder, name) is { } problem)
            return problem;
        await staging.UploadImportAsync(folder, name, body, cancellationToken).ConfigureAwait(false);
        return new ApiResult(201, System.Text.Json.JsonSerializer.Serialize(new { folder, name }, ApiJson.Indented), ApiResult.Json, $"{RoutePrefix}/{folder}/{name}");
    }

    /// <summary><c>GET /api/imports/{folder}</c>: the files in the folder, by name.</summary>
    public async Task<ApiResult> ListAsync(string folder, CancellationToken cancellationToken)
    {
        if (Invalid(folder, "x") is { } problem)
            return problem;
        var names = await staging.ListImportsAsync(folder, cancellationToken).ConfigureAwait(false);
        return ApiResult.Ok(new { folder, files = names });
    }

    private static ApiResult? Invalid(string folder, string name) =>
        !FolderShape().IsMatch(folder) || !NameShape().IsMatch(name) || name.Contains("..", StringComparison.Ordinal)
            ? ApiResult.Problem(400, "invalid-import-path", "Not an import path",
                "A folder is letters, digits, '-' and '_'; a file name is letters, digits, '-', '_' and '.', as Netmera names its exports.",
                $"{RoutePrefix}/{folder}/{name}")
            : null;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex FolderShape();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,200}$")]
    private static partial Regex NameShape();
}
