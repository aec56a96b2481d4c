using System.Text.Json;
using Microsoft.Extensions.Logging;
using Migration.Domain.Mapping;
using Migration.Domain.Runs;
using Migration.Pipedrive;
using Migration.Storage;

namespace Migration.Workflow.Api;

/// <summary>
/// The field map's HTTP handlers: read a version (JSON, Markdown or HTML), edit (a new version with a
/// diff, validated), compare versions. Approving a version goes through the mapping gate
/// (<see cref="MigrationApi.ApproveAsync"/>), which freezes it with the run.
/// </summary>
public sealed partial class MappingApi(RunStore runs, MappingStore mappings, MappingLimitsSource limits, ILogger<MappingApi> log)
{
    /// <summary><c>GET /api/migrations/{id}/mapping[?version=n&amp;format=json|markdown|html]</c>: the latest version by default.</summary>
    public async Task<ApiResult> GetAsync(string runId, string? version, string format, CancellationToken cancellationToken)
    {
        var instance = $"{MigrationApi.RoutePrefix}/{runId}/mapping";
        if (!await RunExists(runId, cancellationToken).ConfigureAwait(false))
            return NotFound(runId, instance);
        if (!MappingFormat.All.Contains(format))
            return ApiResult.Problem(400, "invalid-request", "Unknown format", $"format must be one of: {string.Join(", ", MappingFormat.All)}.", instance);
        int? number = null;
        if (version is { Length: > 0 })
        {
            if (!int.TryParse(version, out var v) || v < 1)
                return ApiResult.Problem(400, "invalid-request", "Unknown version", "version must be a positive version number.", instance);
            number = v;
        }

        var map = number is { } n
            ? await mappings.GetVersionAsync(runId, n, cancellationToken).ConfigureAwait(false)
            : await mappings.GetLatestAsync(runId, cancellationToken).ConfigureAwait(false);
        if (map is null)
            return NotProposed(runId, instance, number);

        var approved = await mappings.GetApprovedAsync(runId, cancellationToken).ConfigureAwait(false);
        var versions = await mappings.ListVersionsAsync(runId, cancellationToken).ConfigureAwait(false);
        return format switch
        {
            MappingFormat.Markdown => ApiResult.Text(FieldMapRendering.Markdown(map), "text/markdown; charset=utf-8"),
            MappingFormat.Html => ApiResult.Text(FieldMapRendering.Html(map), "text/html; charset=utf-8"),
            _ => ApiResult.Ok(new
            {
                runId,
                version = map.Version,
                latestVersion = versions[^1],
                versions,
                approvedVersion = approved?.Version,
                problems = FieldMapValidator.Validate(map, await limits.ForRunAsync(runId, readAccount: false, cancellationToken).ConfigureAwait(false)),
                map,
            }),
        };
    }

    /// <summary>
    /// <c>PUT /api/migrations/{id}/mapping</c>: applies an operator's changes to the version they name
    /// and keeps the result as the next version. Refused once a version is approved (the map is frozen),
    /// when the edit is based on an older version than the latest, or when the result is not valid.
    /// </summary>
    public async Task<ApiResult> EditAsync(string runId, Stream body, CancellationToken cancellationToken)
    {
        var instance = $"{MigrationApi.RoutePrefix}/{runId}/mapping";
        if (!await RunExists(runId, cancellationToken).ConfigureAwait(false))
            return NotFound(runId, instance);

        FieldMapEdit? edit;
        try
        {
            edit = await JsonSerializer.DeserializeAsync<FieldMapEdit>(body, ApiJson.Strict, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return ApiResult.Problem(400, "invalid-request", "The edit is not valid JSON", e.Message, instance);
        }
        if (edit is null)
            return ApiResult.Problem(400, "invalid-request", "The edit is empty", "Send { basedOn, editedBy, note, changes: [...] }.", instance);

        if (await mappings.GetApprovedAsync(runId, cancellationToken).ConfigureAwait(false) is { } frozen)
            return ApiResult.Problem(409, "mapping-frozen", "The field map is approved and frozen",
                $"Version {frozen.Version} was approved; the run moves records with it. Start a new run to use another map.", instance);
        var latest = await mappings.GetLatestAsync(runId, cancellationToken).ConfigureAwait(false);
        if (latest is null)
            return NotProposed(runId, instance, null);
        if (edit.BasedOn != latest.Version)
            return ApiResult.Problem(409, "mapping-version-conflict", "The edit is not based on the latest version",
                $"The latest version is {latest.Version}; the edit names {edit.BasedOn}. Read the latest, apply your changes to it, and send again.", instance);

        var applied = FieldMapEdits.Apply(latest, edit);
        if (applied.Map is not { } next)
            return ApiResult.Problem(400, "mapping-invalid", "The edit is not valid", Describe(applied.Problems), instance, applied.Problems);
        var (live, unavailable) = await LiveLimitsAsync(runId, instance, cancellationToken).ConfigureAwait(false);
        if (live is null)
            return unavailable!;
        var problems = FieldMapValidator.Validate(next, live);
        if (problems.Count > 0)
            return ApiResult.Problem(400, "mapping-invalid", "The edited map is not valid", Describe(problems), instance, problems);
        if (!await mappings.TryAddVersionAsync(runId, next, cancellationToken).ConfigureAwait(false))
            return ApiResult.Problem(409, "mapping-version-conflict", "Someone else saved this version first",
                $"Version {next.Version} exists now. Read it, apply your changes to it, and send again.", instance);

        LogEdited(log, runId, next.Version, edit.Changes.Count);
        return new ApiResult(201, JsonSerializer.Serialize(new
        {
            runId,
            version = next.Version,
            basedOn = latest.Version,
            diff = FieldMapDiff.Between(latest, next),
            url = $"{instance}?version={next.Version}",
        }, ApiJson.Indented), ApiResult.Json, $"{instance}?version={next.Version}");
    }

    /// <summary><c>GET /api/migrations/{id}/mapping/diff?from=a&amp;to=b[&amp;format=markdown]</c>.</summary>
    public async Task<ApiResult> DiffAsync(string runId, string? from, string? to, string format, CancellationToken cancellationToken)
    {
        var instance = $"{MigrationApi.RoutePrefix}/{runId}/mapping/diff";
        if (!await RunExists(runId, cancellationToken).ConfigureAwait(false))
            return NotFound(runId, instance);
        if (!int.TryParse(from, out var a) || !int.TryParse(to, out var b))
            return ApiResult.Problem(400, "invalid-request", "Two versions are needed", "Give from and to as version numbers, e.g. ?from=1&to=2.", instance);
        var before = await mappings.GetVersionAsync(runId, a, cancellationToken).ConfigureAwait(false);
        var after = await mappings.GetVersionAsync(runId, b, cancellationToken).ConfigureAwait(false);
        if (before is null || after is null)
            return NotProposed(runId, instance, before is null ? a : b);
        var diff = FieldMapDiff.Between(before, after);
        return format == MappingFormat.Markdown
            ? ApiResult.Text(FieldMapRendering.Markdown(diff), "text/markdown; charset=utf-8")
            : ApiResult.Ok(new { runId, from = a, to = b, diff });
    }

    /// <summary>
    /// Freezes a version for the mapping gate. Null when done (or already done for this version); else
    /// the problem that stops the approval.
    /// </summary>
    public async Task<ApiResult?> FreezeAsync(string runId, int? version, string instance, CancellationToken cancellationToken)
    {
        if (version is not { } number)
            return ApiResult.Problem(400, "invalid-request", "The approval names no version",
                "version is required to approve the field map: the version you reviewed (GET .../mapping shows it).", instance);
        var map = await mappings.GetVersionAsync(runId, number, cancellationToken).ConfigureAwait(false);
        if (map is null)
            return NotProposed(runId, instance, number);
        var latest = await mappings.GetLatestAsync(runId, cancellationToken).ConfigureAwait(false);
        if (latest!.Version != number)
            return ApiResult.Problem(409, "mapping-version-conflict", "A newer version exists",
                $"Version {latest.Version} was saved after {number}. Review it and approve the version you mean.", instance);
        var (live, unavailable) = await LiveLimitsAsync(runId, instance, cancellationToken).ConfigureAwait(false);
        if (live is null)
            return unavailable!;
        var problems = FieldMapValidator.Validate(map, live);
        if (problems.Count > 0)
            return ApiResult.Problem(400, "mapping-invalid", "This version cannot be approved", Describe(problems), instance, problems);
        if (!await mappings.TryFreezeAsync(runId, map, cancellationToken).ConfigureAwait(false))
            return ApiResult.Problem(409, "mapping-frozen", "Another version is approved", "The run's field map is frozen at another version.", instance);
        return null;
    }

    /// <summary>The account's limits read live; when Pipedrive cannot be read, the problem saying why.</summary>
    private async Task<(MappingLimits? Limits, ApiResult? Problem)> LiveLimitsAsync(string runId, string instance, CancellationToken cancellationToken)
    {
        try
        {
            return (await limits.ForRunAsync(runId, readAccount: true, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is PipedriveApiException or PipedriveBudgetExhaustedException or HttpRequestException)
        {
            return (null, ApiResult.Problem(502, "pipedrive-unavailable", "Pipedrive's fields could not be read",
                $"The map is checked against the account's custom fields before it is saved or approved, and Pipedrive answered: {e.Message} " +
                "Fix the connection (its token, its plan) and send again.", instance));
        }
    }

    private static string Describe(IEnumerable<FieldMapProblem> problems) =>
        string.Join(" ", problems.Select(p => p.SourceId is null ? p.Reason : $"{p.SourceId}: {p.Reason}"));

    private async Task<bool> RunExists(string runId, CancellationToken cancellationToken) =>
        RunId.IsValid(runId) && await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not null;

    private static ApiResult NotFound(string runId, string instance) =>
        ApiResult.Problem(404, "run-not-found", "No such run", $"No migration run has the id '{runId}'.", instance);

    private static ApiResult NotProposed(string runId, string instance, int? version) => version is { } v
        ? ApiResult.Problem(404, "mapping-version-unknown", "No such version", $"Run '{runId}' has no field map version {v}.", instance)
        : ApiResult.Problem(404, "mapping-not-proposed", "The field map is not proposed yet",
            $"Run '{runId}' proposes its field map after extraction; it appears here then.", instance);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: field map version {Version} saved with {Changes} changes")]
    private static partial void LogEdited(ILogger logger, string runId, int version, int changes);
}
