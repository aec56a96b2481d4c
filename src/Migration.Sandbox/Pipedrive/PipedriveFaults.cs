namespace Migration.Sandbox;

/// <summary>
/// Faults the Pipedrive simulator injects into vendor calls, drawn from a seeded generator so a test run is
/// reproducible. One draw per request: <see cref="ServerErrorShare"/> of requests answer 500/502/503 without
/// touching the account, the next <see cref="TooManyRequestsShare"/> answer 429, and of writes (POST, PUT, PATCH,
/// DELETE) the next <see cref="CommitThenFailShare"/> are carried out and then lost on the way back: a 5xx, or,
/// for <see cref="CommitThenFailDropShare"/> of them, a dropped connection. Admin routes are never touched.
/// </summary>
public sealed record PipedriveFaults
{
    public static readonly PipedriveFaults None = new();

    public double ServerErrorShare { get; init; }

    public double TooManyRequestsShare { get; init; }

    public double CommitThenFailShare { get; init; }

    /// <summary>Of the commit-then-fail faults, the share that drop the connection instead of answering 5xx.</summary>
    public double CommitThenFailDropShare { get; init; } = 0.5;

    /// <summary>Seeds the draws; null uses the simulator's <see cref="PipedriveSimulatorOptions.Seed"/>.</summary>
    public int? Seed { get; init; }

    /// <summary>The reason these knobs cannot be used, or null when they can.</summary>
    public string? Problem()
    {
        foreach (var (name, share) in new[]
        {
            (nameof(ServerErrorShare), ServerErrorShare), (nameof(TooManyRequestsShare), TooManyRequestsShare),
            (nameof(CommitThenFailShare), CommitThenFailShare), (nameof(CommitThenFailDropShare), CommitThenFailDropShare),
        })
        {
            if (!double.IsFinite(share) || share is < 0 or > 1)
            {
                return $"{name} must be between 0 and 1 (got {share})";
            }
        }

        return ServerErrorShare + TooManyRequestsShare + CommitThenFailShare > 1
            ? "ServerErrorShare + TooManyRequestsShare + CommitThenFailShare must not exceed 1"
            : null;
    }
}
