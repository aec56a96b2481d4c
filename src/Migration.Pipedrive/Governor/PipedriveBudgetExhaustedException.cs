namespace Migration.Pipedrive;

/// <summary>
/// The governor will not send: this client's token allowance is used up, or Pipedrive keeps refusing
/// with 429 (the company's daily budget is spent, possibly by another integration). Not an error to
/// retry: the phase sleeps on a durable timer, until <see cref="Until"/> when the budget is spent.
/// </summary>
public sealed class PipedriveBudgetExhaustedException(BudgetExhaustion reason, DateTimeOffset until, string message)
    : Exception(message)
{
    public BudgetExhaustion Reason { get; } = reason;
    public DateTimeOffset Until { get; } = until;
}

public enum BudgetExhaustion
{
    /// <summary>This client used the tokens it was given; the company may have more.</summary>
    AllowanceSpent,

    /// <summary>Pipedrive refused several windows in a row: the company's day is spent.</summary>
    ServerRefused,
}
