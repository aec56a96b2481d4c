namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// A request Pipedrive would refuse; the pipeline turns it into the error envelope with this status.
/// Validation is deep and branchy, so an exception keeps each rule a single line.
/// </summary>
internal sealed class RequestRejected(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static RequestRejected BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static RequestRejected NotFound(string message) => new(StatusCodes.Status404NotFound, message);
}
