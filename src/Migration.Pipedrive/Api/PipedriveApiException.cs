using System.Net;

namespace Migration.Pipedrive;

/// <summary>
/// A Pipedrive error, classified so callers decide by type: validation (fix the data), plan cap (the
/// account cannot hold more), not found, rate limited, transient (safe to retry only when idempotent).
/// Messages carry Pipedrive's own text and never the token.
/// </summary>
public abstract class PipedriveApiException(HttpStatusCode status, string message, Exception? inner)
    : Exception(message, inner)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>400: the request was understood and refused; Pipedrive's message says why.</summary>
public sealed class PipedriveValidationException(HttpStatusCode status, string message, Exception? inner = null)
    : PipedriveApiException(status, message, inner);

/// <summary>401/402/403 without a plan code: the token or account is not usable.</summary>
public sealed class PipedriveAccessException(HttpStatusCode status, string message, Exception? inner = null)
    : PipedriveApiException(status, message, inner);

/// <summary>403 with a <c>code</c> such as <c>feature_capping_deals_limit</c>: the plan's cap is reached.</summary>
public sealed class PipedrivePlanLimitException(HttpStatusCode status, string code, string message, Exception? inner = null)
    : PipedriveApiException(status, message, inner)
{
    public string Code { get; } = code;
}

public sealed class PipedriveNotFoundException(string message, Exception? inner = null)
    : PipedriveApiException(HttpStatusCode.NotFound, message, inner);

/// <summary>429 after retries: the burst window or the daily budget is spent.</summary>
public sealed class PipedriveRateLimitedException(string message, TimeSpan? retryAfter, Exception? inner = null)
    : PipedriveApiException(HttpStatusCode.TooManyRequests, message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>5xx or a network fault: the write may or may not have happened.</summary>
public sealed class PipedriveTransientException(HttpStatusCode status, string message, Exception? inner = null)
    : PipedriveApiException(status, message, inner);
