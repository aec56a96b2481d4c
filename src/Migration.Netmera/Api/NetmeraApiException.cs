using System.Net;

namespace Migration.Netmera;

/// <summary>
/// A Netmera application error with its documented code. The message names the code's meaning so an
/// operator can act on it; it never carries the API key or record values.
/// </summary>
public class NetmeraApiException(int? code, HttpStatusCode status, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public int? Code { get; } = code;
    public HttpStatusCode Status { get; } = status;

    public const int InternalError = 2001;
    public const int FieldTypeMismatch = 2004;
    public const int InvalidRequest = 2009;
    public const int InvalidApiKey = 2010;
    public const int MissingParameter = 2020;
    public const int IpNotAllowed = 2021;
    public const int NotAuthorized = 2022;
    public const int NotAllowed = 4000;
    public const int MessageNotFound = 5003;
    public const int PleaseLogin = 5007;
    public const int UserNotFound = 5016;
    public const int ServiceNotAllowed = 5021;
    public const int QuotaExceeded = 5022;
    public const int EventNotFound = 5028;
    public const int SegmentNotFound = 5042;

    /// <summary>
    /// Codes no retry can change: the key, the allow-list, the account's permissions, a missing
    /// segment. A run that meets one needs an operator (fix the connection or the request, then resume).
    /// </summary>
    public static IReadOnlySet<int> OperatorActionCodes { get; } =
        new HashSet<int> { InvalidApiKey, IpNotAllowed, NotAuthorized, PleaseLogin, ServiceNotAllowed, SegmentNotFound };

    /// <summary>True when retrying cannot help and an operator must act (<see cref="OperatorActionCodes"/>).</summary>
    public bool RequiresOperator => Code is { } c && OperatorActionCodes.Contains(c);

    /// <summary>
    /// True for server-side failures (5xx, 2001) that a later attempt may get past. They have already
    /// been retried with backoff inside the client by the time they surface here.
    /// </summary>
    public bool IsTransient => !RequiresOperator && Code != QuotaExceeded && ((int)Status >= 500 || Code == InternalError);

    /// <summary>Meaning of the codes extraction can meet (netmera-api.md §2).</summary>
    public static string Describe(int? code) => Describe(code, null);

    /// <summary>Meaning of a code; 2021 reads differently on 403 (IP allow-list) and 400 (configuration).</summary>
    public static string Describe(int? code, HttpStatusCode? status) => code switch
    {
        InternalError => "Netmera internal error (also returned for connector segments, which cannot be listed)",
        FieldTypeMismatch => "a field has the wrong type",
        InvalidRequest => "invalid request (getPushResult also answers this when no key, user or token is given)",
        InvalidApiKey => "the Netmera REST API key is invalid: check the connection's key (Panel → Developers → API)",
        MissingParameter => "a required parameter is missing",
        IpNotAllowed when status == HttpStatusCode.Forbidden =>
            "this machine's IP address is not on the Netmera key's allow-list: add it in the panel or run from an allowed address",
        IpNotAllowed => "Netmera reports an invalid configuration for this app, or this machine's IP address is not on the key's allow-list",
        NotAuthorized => "the key is not authorised for this action: ask the Netmera admin to grant it",
        NotAllowed => "not allowed",
        MessageNotFound => "no message with this notification key",
        PleaseLogin => "Netmera asks to log in: the key is not accepted",
        UserNotFound => "user / external id not found",
        ServiceNotAllowed => "service usage not allowed for this account: the Netmera account manager must enable it",
        QuotaExceeded => "Netmera service usage quota exceeded: the phase must wait before reading more",
        EventNotFound => "event not found",
        SegmentNotFound => "segment not found: check the segment id in the run request",
        null => "Netmera answered without an error code",
        _ => "Netmera error",
    };
}

/// <summary>
/// Netmera refused for quota (code 5022, "service usage quota is exceeded"), or kept answering 429
/// after the client's retries. Not a failure of the run: the phase should sleep on a durable timer
/// until <see cref="ResumeAt"/> and then read again from where it stopped. <see cref="ResumeAt"/> is
/// the client's clock at the refusal plus the configured pause (<c>Netmera:QuotaPause</c>, default
/// one minute), or later when a 429 carried a longer <c>Retry-After</c>.
/// </summary>
public sealed class NetmeraQuotaExceededException(int? code, HttpStatusCode status, DateTimeOffset resumeAt, string message, Exception? inner = null)
    : NetmeraApiException(code, status, message, inner)
{
    public DateTimeOffset ResumeAt { get; } = resumeAt;
}

/// <summary>
/// A <c>nextPage</c> that cannot be followed: one Netmera had already given, one of too many empty pages
/// in a row (following would loop for ever), or one that is not a URL on the connection's own host (the
/// key must not travel there). Not transient: reading the same page again gives the same link.
/// </summary>
public sealed class NetmeraPagingException(string message)
    : NetmeraApiException(null, HttpStatusCode.OK, message);
