using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Migration.Domain.Reconciliation;
using Migration.Domain.Runs;
using Migration.Netmera;
using Migration.Pipedrive;
using Migration.Storage;
using Migration.Workflow.Models;
using Migration.Workflow.Orchestrators;

namespace Migration.Workflow.Api;

/// <summary>
/// The HTTP API's handlers (DESIGN §6), written once for both hosts. Each returns an
/// <see cref="ApiResult"/>; errors are RFC 9457 problem documents.
/// </summary>
public sealed partial class MigrationApi(
    RunStore runs, CheckpointStore checkpoints, StagingStore staging, ApiUsageStore usage, PipedriveSpending spending, GateStore gates,
    MappingApi mapping, CutoverApi cutover, IConfiguration configuration, TimeProvider time, ILogger<MigrationApi> log)
{
    public const string RoutePrefix = "/api/migrations";

    /// <summary>
    /// <c>POST /api/migrations</c>: validates the request, records the run and starts its orchestration.
    /// Repeating a request with the same run id and the same plan answers as the first did.
    /// </summary>
    public async Task<ApiResult> StartAsync(DurableTaskClient client, Stream body, CancellationToken cancellationToken)
    {
        StartMigrationRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<StartMigrationRequest>(body, ApiJson.Strict, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            // The message names the member and its path, never its value.
            return ApiResult.Problem(400, "invalid-request", "The request body is not a valid migration request",
                $"{e.Message} Requests name connections (netmera.connection, pipedrive.connection); API keys belong in the host's configuration.");
        }
        if (request is null)
            return ApiResult.Problem(400, "invalid-request", "The request body is empty", "Send a JSON migration request.");

        var problems = Validate(request);
        if (problems.Count > 0)
            return ApiResult.Problem(400, "invalid-request", "The migration request is not valid", string.Join(" ", problems), extensions: problems);

        var runId = request.RunId ?? NewRunId();
        var plan = new MigrationPlan
        {
            RunId = runId,
            NetmeraConnection = request.Netmera!.Connection!,
            SegmentId = request.Netmera.SegmentId,
            ImportFolder = request.Netmera.ImportFolder?.Trim('/'),
            PipedriveConnection = request.Pipedrive!.Connection!,
            Options = request.Options ?? new RunOptions(),
        };

        var location = $"{RoutePrefix}/{runId}";
        if (!await runs.TryAddAsync(new RunRecord(runId, time.GetUtcNow(), plan), cancellationToken).ConfigureAwait(false))
        {
            var existing = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
            if (existing?.Plan != plan)
                return ApiResult.Problem(409, "run-exists", "A different run with this id exists",
                    $"Run '{runId}' was started with another plan. Choose another run id.", location);
        }

        // Starting is idempotent: a run that is pending, running or completed is answered as it is. A run
        // that failed or was terminated starts again under the same id and resumes: every phase skips
        // what its checkpoints and ledger say is done.
        var instance = await client.GetInstanceAsync(runId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(MigrationOrchestrator), plan,
                new StartOrchestrationOptions(runId), cancellationToken).ConfigureAwait(false);
            LogStarted(log, runId, plan.SegmentId, instance is null ? "started" : "resumed");
        }
        return ApiResult.Accepted(new { runId, statusUrl = location }, location);
    }

    /// <summary><c>GET /api/migrations</c>: every recorded run, newest first.</summary>
    public async Task<ApiResult> ListAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var list = new List<object>();
        foreach (var run in await runs.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var instance = await client.GetInstanceAsync(run.RunId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            list.Add(new
            {
                runId = run.RunId,
                createdAt = run.CreatedAt,
                runtimeStatus = instance?.RuntimeStatus.ToString() ?? "Unknown",
                phase = ReadProgress(instance)?.Phase,
                statusUrl = $"{RoutePrefix}/{run.RunId}",
            });
        }
        return ApiResult.Ok(list);
    }

    /// <summary><c>GET /api/migrations/{id}</c>: runtime state, current phase, per-phase counts, failure, reports.</summary>
    public async Task<ApiResult> GetAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        if (!RunId.IsValid(runId))
            return NotFound(runId);
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        var run = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (instance is null && run is null)
            return NotFound(runId);

        var totals = await checkpoints.TotalsAsync(runId, cancellationToken).ConfigureAwait(false);
        var extract = totals.GetValueOrDefault(Phase.Extract, PhaseCounts.Zero);
        var outcome = instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<MigrationOutcome>() : null;
        var phase = ReadProgress(instance)?.Phase;
        var phaseProgress = phase is null ? null
            : ReadProgress(await client.GetInstanceAsync(RunId.PhaseInstance(runId, phase), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false));

        return ApiResult.Ok(new
        {
            runId,
            runtimeStatus = instance?.RuntimeStatus.ToString() ?? "Pending",
            phase,
            createdAt = run?.CreatedAt ?? instance?.CreatedAt,
            lastUpdatedAt = instance?.LastUpdatedAt,
            segmentId = run?.Plan.SegmentId,
            // Every record-moving phase with its checkpoint totals so far; while persons load, "expected" is
            // what extraction staged so progress reads as done / expected.
            phases = Phase.Reconciled.Select(p => PhaseStatus(p, p == Phase.LoadPersons
                ? totals.GetValueOrDefault(p, PhaseCounts.Zero) with { Expected = extract.Created }
                : totals.GetValueOrDefault(p, PhaseCounts.Zero))).ToList(),
            // The running load phase: batches done of all, tokens it spent, and its estimated end.
            progress = phaseProgress?.Progress,
            openGate = ReadProgress(instance)?.Gate,
            waitingForNetmeraQuotaUntil = phaseProgress?.WaitingForNetmeraQuotaUntil,
            gates = await gates.ListAsync(runId, cancellationToken).ConfigureAwait(false),
            pipedrive = run is null ? null : await PipedriveStatus(client, run, phase, cancellationToken).ConfigureAwait(false),
            balances = outcome?.Balances,
            cutover = await cutover.StatusAsync(client, runId, cancellationToken).ConfigureAwait(false),
            failure = Failure(instance),
            // The run's rollback, when one was started: its state, phase, progress and, once finished, what it did.
            rollback = await RollbackApi.StatusAsync(client, runId, cancellationToken).ConfigureAwait(false),
            reports = RunReports.All.Select(r => $"{RoutePrefix}/{runId}/reports/{r.Name}"),
        });
    }

    /// <summary>
    /// The run's Pipedrive spending (tokens, requests, retries, 429s), the company's day (budget, used,
    /// left, next reset) and, when the running phase sleeps for the budget, until when.
    /// </summary>
    private async Task<object> PipedriveStatus(DurableTaskClient client, RunRecord run, string? phase, CancellationToken cancellationToken)
    {
        var spent = await usage.RunUsageAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        BudgetView? day = null;
        try
        {
            day = await spending.ViewAsync(run.Plan.PipedriveConnection, cancellationToken).ConfigureAwait(false);
        }
        catch (Domain.OperatorActionRequiredException)
        {
            // The connection was removed from configuration since the run started: show what the run spent.
        }
        DateTimeOffset? waitingUntil = null;
        if (phase is not null)
        {
            var phaseInstance = await client.GetInstanceAsync(RunId.PhaseInstance(run.RunId, phase), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            waitingUntil = ReadProgress(phaseInstance)?.WaitingForBudgetUntil;
        }
        return new
        {
            run = new { tokens = spent.Tokens, requests = spent.Requests, retries = spent.Retries, rateLimited = spent.RateLimited, serverErrors = spent.ServerErrors },
            today = day is null ? null : new { dailyTokens = day.DailyTokens, used = day.SpentToday, left = day.Left, resetsAt = day.ResetsAt },
            waitingForBudgetUntil = waitingUntil,
        };
    }

    /// <summary>
    /// <c>POST /api/migrations/{id}/approvals/{gate}</c>: records a person's decision at a gate and lets
    /// the run go on. The first decision stands; a second answers 409 with the first.
    /// </summary>
    public async Task<ApiResult> ApproveAsync(DurableTaskClient client, string runId, string gate, Stream body, CancellationToken cancellationToken)
    {
        var instance = $"{RoutePrefix}/{runId}/approvals/{gate}";
        if (!RunId.IsValid(runId) || await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is null)
            return NotFound(runId);
        var decisions = Domain.Gates.Gate.DecisionsFor(gate);
        if (decisions.Count == 0)
            return ApiResult.Problem(404, "gate-unknown", "No such gate", $"'{gate}' is not a gate. Gates: {string.Join(", ", Domain.Gates.Gate.All)}.", instance);

        GateApprovalRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<GateApprovalRequest>(body, ApiJson.Strict, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return ApiResult.Problem(400, "invalid-request", "The approval is not valid JSON", e.Message, instance);
        }
        var decision = request?.Decision ?? Domain.Gates.Gate.Approve;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request?.Approver))
            problems.Add("approver is required: the person taking the decision.");
        if (!decisions.Contains(decision))
            problems.Add($"decision must be one of: {string.Join(", ", decisions)}.");
        if (gate == Domain.Gates.Gate.Gdpr && decision == Domain.Gates.Gate.Approve && string.IsNullOrWhiteSpace(request?.Basis))
            problems.Add("basis is required to approve moving EU/EEA users: the legal basis for the transfer.");
        if (problems.Count > 0)
            return ApiResult.Problem(400, "invalid-request", "The approval is not valid", string.Join(" ", problems), instance, problems);

        if (await gates.GetAsync(runId, gate, cancellationToken).ConfigureAwait(false) is { } earlier)
            return Decided(earlier, instance);
        // Mapping: the version approved is frozen with the run. Sample: only a verified sample can be judged.
        if (gate == Domain.Gates.Gate.Mapping && await mapping.FreezeAsync(runId, request!.Version, instance, cancellationToken).ConfigureAwait(false) is { } refused)
            return refused;
        if (gate == Domain.Gates.Gate.Sample && await staging.ReadArtifactAsync(runId, RunReports.SampleVerification.Path, cancellationToken).ConfigureAwait(false) is null)
            return ApiResult.Problem(409, "sample-not-verified", "The sample is not verified yet",
                $"Run '{runId}' has not written {RunReports.SampleVerification.Name} yet; decide once you have read it.", instance);

        var taken = new Domain.Gates.GateDecision(gate, decision, request!.Approver!.Trim(), time.GetUtcNow(), request.Basis?.Trim(), request.Note?.Trim())
        {
            Version = gate == Domain.Gates.Gate.Mapping ? request.Version : null,
        };
        if (!await gates.TryRecordAsync(runId, taken, cancellationToken).ConfigureAwait(false))
            return Decided(await gates.GetAsync(runId, gate, cancellationToken).ConfigureAwait(false), instance);

        // Pending counts too: a host killed between a run's first history write and its status update
        // leaves the status Pending while the run waits at the gate. An event a run does not wait for is dropped.
        var orchestration = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (orchestration is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
            await client.RaiseEventAsync(runId, Domain.Gates.Gate.EventName(gate), taken, cancellationToken).ConfigureAwait(false);
        if (ReadProgress(orchestration)?.Gate is { } open && open.Name == gate)
            MigrationTelemetry.RecordGateWait(gate, decision, taken.DecidedAt - open.Since);
        LogDecided(log, runId, gate, decision);
        return ApiResult.Ok(new { runId, gate, decision, approver = taken.Approver, decidedAt = taken.DecidedAt, basis = taken.Basis, version = taken.Version });
    }

    private static ApiResult Decided(Domain.Gates.GateDecision? first, string instance) =>
        ApiResult.Problem(409, "gate-decided", "The gate was already decided",
            $"{first?.Approver} decided '{first?.Decision}' at {first?.DecidedAt:u}; the first decision stands.", instance);

    /// <summary><c>GET /api/migrations/{id}/reports</c>: the reports the run has written so far.</summary>
    public async Task<ApiResult> ListReportsAsync(string runId, CancellationToken cancellationToken)
    {
        if (!RunId.IsValid(runId) || await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is null)
            return NotFound(runId);
        var available = new List<object>();
        foreach (var report in RunReports.All)
        {
            // An existence check: the listing must not download every report (the handover's lists grow with the population).
            if (await staging.ArtifactExistsAsync(runId, report.Path, cancellationToken).ConfigureAwait(false))
                available.Add(new { name = report.Name, url = $"{RoutePrefix}/{runId}/reports/{report.Name}", contentType = report.ContentType });
        }
        return ApiResult.Ok(available);
    }

    /// <summary><c>GET /api/migrations/{id}/reports/{name}</c>: one report's content.</summary>
    public async Task<ApiResult> GetReportAsync(string runId, string name, CancellationToken cancellationToken)
    {
        if (!RunId.IsValid(runId))
            return NotFound(runId);
        if (RunReports.Find(name) is not { } report)
            return ApiResult.Problem(404, "report-unknown", "No such report",
                $"'{name}' is not a report this product writes. Reports: {string.Join(", ", RunReports.All.Select(r => r.Name))}.",
                $"{RoutePrefix}/{runId}/reports/{name}");
        var artifact = await staging.ReadArtifactAsync(runId, report.Path, cancellationToken).ConfigureAwait(false);
        return artifact is null
            ? ApiResult.Problem(404, "report-not-ready", "The report is not written yet",
                $"Run '{runId}' has not written {report.Name} yet; it appears when its phase finishes.", $"{RoutePrefix}/{runId}/reports/{report.Name}")
            : ApiResult.Text(artifact.Content, report.ContentType);
    }

    private List<string> Validate(StartMigrationRequest request)
    {
        var problems = new List<string>();
        if (request.RunId is not null && !RunId.IsValid(request.RunId))
            problems.Add("runId must be 3-63 characters of lower-case letters, digits and hyphens, starting with a letter or digit.");

        if (request.Netmera?.Connection is not { Length: > 0 } netmera)
            problems.Add("netmera.connection is required: the name of a Netmera connection in the host's configuration.");
        else if (!NetmeraConnection.Exists(configuration, netmera))
            problems.Add($"No Netmera connection named '{netmera}' is configured ({NetmeraConnection.Section}:{netmera}).");
        if (request.Netmera?.SegmentId is null && string.IsNullOrWhiteSpace(request.Netmera?.ImportFolder))
            problems.Add("netmera.segmentId or netmera.importFolder is required: the frozen segment holding the users, or a folder of export files.");
        if (request.Netmera?.SegmentId is <= 0)
            problems.Add("netmera.segmentId must be a segment id.");
        if (request.Netmera?.ImportFolder is { } folder && !ImportFolderShape().IsMatch(folder.Trim('/')))
            problems.Add("netmera.importFolder must be a folder name of letters, digits, '-', '_' and '/' under imports/ in the run storage.");

        if (request.Pipedrive?.Connection is not { Length: > 0 } pipedrive)
            problems.Add("pipedrive.connection is required: the name of a Pipedrive connection in the host's configuration.");
        else if (!PipedriveConnection.Exists(configuration, pipedrive))
            problems.Add($"No Pipedrive connection named '{pipedrive}' is configured ({PipedriveConnection.Section}:{pipedrive}).");

        if (request.Options is { } options)
            problems.AddRange(options.Validate());
        return problems;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")]
    private static partial System.Text.RegularExpressions.Regex ImportFolderShape();

    private string NewRunId() =>
        $"run-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    private static RunProgress? ReadProgress(OrchestrationMetadata? instance) =>
        instance?.SerializedCustomStatus is { Length: > 0 } ? instance.ReadCustomStatusAs<RunProgress>() : null;

    private static object? Failure(OrchestrationMetadata? instance)
    {
        if (instance?.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
            return null;
        var progress = ReadProgress(instance);
        return new
        {
            phase = progress?.Phase,
            message = progress?.Failure ?? instance.FailureDetails?.ErrorMessage ?? "the engine recorded no reason",
            resume = "Fix the cause, then POST the same request to /api/migrations again: the run resumes where it stopped.",
        };
    }

    private static object PhaseStatus(string phase, PhaseCounts c) => new
    {
        name = phase,
        expected = c.Expected,
        created = c.Created,
        updated = c.Updated,
        skipped = c.Skipped,
        rejected = c.Rejected,
        done = c.Accounted,
    };

    private static ApiResult NotFound(string runId) =>
        ApiResult.Problem(404, "run-not-found", "No such run", $"No migration run has the id '{runId}'.", $"{RoutePrefix}/{runId}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: gate {Gate} decided '{Decision}'")]
    private static partial void LogDecided(ILogger logger, string runId, string gate, string decision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {How} for segment {SegmentId}")]
    private static partial void LogStarted(ILogger logger, string runId, long? segmentId, string how);
}
