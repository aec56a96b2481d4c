namespace Migration.Sandbox.Hosting;

/// <summary>
/// Endpoint metadata naming a vendor operation as its spec does: method, route template (with the API prefix, as
/// token-costs.tsv writes it) and operationId, plus what the request pipeline needs to treat it like the vendor:
/// the spec's <c>x-token-cost</c> and whether the operation is subject to the search burst limit.
/// </summary>
public sealed record SimulatedOperation(string Method, string PathTemplate, string OperationId, int TokenCost = 0, bool IsSearch = false)
{
    /// <summary>"POST /api/v2/persons": the key used in <c>/_sandbox/stats</c> and in token-costs.tsv.</summary>
    public string Key => $"{Method} {PathTemplate}";

    /// <summary>Writes are what "commit then fail" faults hit: the change lands, the answer is lost.</summary>
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";
}

internal static class SimulatedOperationExtensions
{
    /// <summary>Maps a vendor operation and tags it so the pipeline can see which one a request hit.</summary>
    public static RouteHandlerBuilder MapOperation(
        this IEndpointRouteBuilder endpoints, string method, string prefix, string template, string operationId, Delegate handler) =>
        endpoints.MapOperation(new SimulatedOperation(method, prefix + template, operationId), handler);

    public static RouteHandlerBuilder MapOperation(this IEndpointRouteBuilder endpoints, SimulatedOperation operation, Delegate handler) =>
        endpoints.MapMethods(operation.PathTemplate, [operation.Method], handler).WithMetadata(operation);
}
