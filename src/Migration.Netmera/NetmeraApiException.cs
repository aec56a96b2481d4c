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
    public const int InvalidApiKey = 2010;
    public const int MissingParameter = 2020;
    public const int IpNotAllowed = 2021;
    public const int NotAuthorized = 2022;
    public const int UserNotFound = 5016;
    public const int QuotaExceeded = 5022;
    public const int SegmentNotFound = 5042;

    /// <summary>Meaning of the codes extraction can meet (netmera-api.md §2).</summary>
    public static string Describe(int? code) => code switch
    {
        InternalError => "Netmera internal error (also returned for connector segments, which cannot be listed)",
        2004 => "a field has the wrong type",
        2009 => "invalid request",
        InvalidApiKey => "the Netmera REST API key is invalid: check the connection's key (Panel → Developers → API)",
        MissingParameter => "a required parameter is missing",
        IpNotAllowed => "this machine's IP address is not on the Netmera key's allow-list, or the configuration is invalid",
        NotAuthorized => "the key is not authorised for this action",
        4000 => "not allowed",
        5007 => "Netmera asks to log in: the key is not accepted",
        UserNotFound => "user / external id not found",
        5021 => "service usage not allowed for this account",
        QuotaExceeded => "Netmera service usage quota exceeded: the phase must wait before reading more",
        5028 => "event not found",
        SegmentNotFound => "segment not found: check the segment id in the run request",
        null => "Netmera answered without an error code",
        _ => "Netmera error",
    };
}
