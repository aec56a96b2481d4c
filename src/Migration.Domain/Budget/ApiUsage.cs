namespace Migration.Domain.Budget;

/// <summary>What calls to a vendor API spent and met: the figures a run reports and an operator watches.</summary>
public sealed record ApiUsage(long Requests, long Tokens, long Retries, long RateLimited, long ServerErrors)
{
    public static ApiUsage None { get; } = new(0, 0, 0, 0, 0);

    public ApiUsage Add(ApiUsage other) => new(
        Requests + other.Requests, Tokens + other.Tokens, Retries + other.Retries,
        RateLimited + other.RateLimited, ServerErrors + other.ServerErrors);
}
