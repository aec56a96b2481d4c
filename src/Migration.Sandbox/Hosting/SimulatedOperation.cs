namespace Migration.Sandbox.Hosting;

/// <summary>
/// Endpoint metadata naming a vendor operation as its spec does: method, route template and operationId.
/// Request counting keys on it now; the token-cost, burst-window and fault middleware will key on it too
/// (the spec's <c>x-token-cost</c> is per method + path template).
/// </summary>
public sealed record SimulatedOperation(string Method, string PathTemplate, string OperationId)
{
    /// <summary>"POST /api/v2/persons": the key used in <c>/_sandbox/stats</c>.</summary>
    public string Key => $"{Method} {PathTemplate}";
}

internal static class SimulatedOperationExtensions
{
    /// <summary>Maps a vendor operation and tags it so the pipeline can see which one a request hit.</summary>
    public static RouteHandlerBuilder MapOperation(
        this IEndpointRouteBuilder endpoints, string method, string prefix, string template, string operationId, Delegate handler) =>
        endpoints.MapMethods(prefix + template, [method], handler)
            .WithMetadata(new SimulatedOperation(method, prefix + template, operationId));
}
