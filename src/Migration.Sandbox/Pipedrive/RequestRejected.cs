namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// A request Pipedrive would refuse; the pipeline turns it into the error envelope with this status (and
/// <see cref="Code"/> when the refusal has one, as plan caps do). Validation is deep and branchy, so an exception
/// keeps each rule a single line.
/// </summary>
internal sealed class RequestRejected(int status, string message, string? code = null) : Exception(message)
{
    /// <summary>Deals over the plan's cap (CL-CAP names this code).</summary>
    public const string DealsCapCode = "feature_capping_deals_limit";

    /// <summary>Custom fields over the plan's cap: CL-CAP announces a code without naming it; this is ours, in the same pattern.</summary>
    public const string CustomFieldsCapCode = "feature_capping_custom_fields_limit";

    public int Status { get; } = status;

    public string? Code { get; } = code;

    public static RequestRejected BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static RequestRejected NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    /// <summary>A plan cap or entity limit: 403, not a validation error (pipedrive-api.md §11.9).</summary>
    public static RequestRejected Capped(string message, string? code) => new(StatusCodes.Status403Forbidden, message, code);
}
