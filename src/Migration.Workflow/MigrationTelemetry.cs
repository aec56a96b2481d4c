using System.Diagnostics;
using System.Diagnostics.Metrics;
using Migration.Domain.Budget;
using Migration.Domain.Reconciliation;

namespace Migration.Workflow;

/// <summary>
/// The engine's traces and metrics, all under one name (<see cref="Name"/>). Instruments are fed where
/// the numbers already exist: what a Pipedrive client spent (<see cref="PipedriveSpending"/>), a load
/// batch's counts (<see cref="BatchLoadSteps"/>), a gate's decision (the approvals API), and a span
/// around every activity. Nothing is recorded from orchestrators, which replay. Tags carry phase,
/// gate and connection names only: never run ids (unbounded), records or secrets.
/// </summary>
public static class MigrationTelemetry
{
    public const string Name = "Migration.Engine";

    // The instruments are process-wide by design, as ActivitySource and Meter are meant to be: they hold
    // no state of their own, and nothing is collected unless a listener (the OpenTelemetry SDK) subscribes.
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Records = Meter.CreateCounter<long>(
        "migration.records", "{record}", "Records a load batch accounted for, by phase and outcome (created, updated, skipped, rejected).");
    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "migration.pipedrive.tokens", "{token}", "Pipedrive API tokens spent.");
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "migration.pipedrive.requests", "{request}", "Requests sent to Pipedrive.");
    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "migration.pipedrive.rate_limited", "{response}", "Pipedrive answers 429 (refunded, and the client slowed down).");
    private static readonly Counter<long> ServerErrors = Meter.CreateCounter<long>(
        "migration.pipedrive.server_errors", "{response}", "Pipedrive 5xx answers and requests that got no answer.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "migration.pipedrive.retries", "{request}", "Pipedrive requests sent again after a retryable failure.");
    private static readonly Histogram<double> GateWait = Meter.CreateHistogram<double>(
        "migration.gate.wait", "s", "How long a run held at a gate before a person decided, by gate and decision.");

    /// <summary>A span around one activity execution, named after the activity.</summary>
    public static Activity? StartActivity(string task) =>
        Source.StartActivity(task, ActivityKind.Internal)?.SetTag("migration.task", task);

    /// <summary>A finished load batch: its counts, per outcome, under its phase; the same on the current span.</summary>
    public static void RecordBatch(BatchCheckpoint checkpoint)
    {
        var counts = checkpoint.Counts;
        foreach (var (outcome, count) in new[] { ("created", counts.Created), ("updated", counts.Updated), ("skipped", counts.Skipped), ("rejected", counts.Rejected) })
        {
            if (count > 0)
                Records.Add(count, new("migration.phase", checkpoint.Phase), new("migration.outcome", outcome));
        }
        Activity.Current?.SetTag("migration.phase", checkpoint.Phase).SetTag("migration.batch", checkpoint.Unit)
            .SetTag("migration.records.created", counts.Created).SetTag("migration.records.rejected", counts.Rejected);
    }

    /// <summary>What one Pipedrive client spent, as its governor counted it.</summary>
    public static void RecordUsage(string connection, ApiUsage usage)
    {
        var tag = new KeyValuePair<string, object?>("pipedrive.connection", connection);
        Add(Tokens, usage.Tokens, tag);
        Add(Requests, usage.Requests, tag);
        Add(RateLimited, usage.RateLimited, tag);
        Add(ServerErrors, usage.ServerErrors, tag);
        Add(Retries, usage.Retries, tag);
        Activity.Current?.SetTag("pipedrive.tokens", usage.Tokens).SetTag("pipedrive.rate_limited", usage.RateLimited);
    }

    /// <summary>A gate decided: how long the run waited for it.</summary>
    public static void RecordGateWait(string gate, string decision, TimeSpan waited) =>
        GateWait.Record(Math.Max(0, waited.TotalSeconds), new("migration.gate", gate), new("migration.decision", decision));

    private static void Add(Counter<long> counter, long value, KeyValuePair<string, object?> tag)
    {
        if (value > 0)
            counter.Add(value, tag);
    }
}
