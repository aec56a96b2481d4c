using System.Security.Cryptography;
using System.Text;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Netmera;

/// <summary>
/// What every REST request passes before its handler, in this order: the API key (403/2010), the quota (400/5022),
/// an injected fault (500/2001 or 503), the added latency. Admin routes skip all of it.
/// </summary>
internal static class NetmeraPipeline
{
    public static void UseNetmeraPipeline(
        this WebApplication app, string apiKey, RequestTally tally, NetmeraQuota quota, NetmeraFaultInjector faults, TimeProvider clock)
    {
        var expectedKey = Encoding.UTF8.GetBytes(apiKey);

        // Framework-level failures (unknown route 404, wrong method 405) answer as RFC 9457 problems.
        app.UseStatusCodePages(async context => await NetmeraEndpoints.WriteProblem(context.HttpContext).ConfigureAwait(false));

        app.UseRouting();
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(SimulatorHost.AdminPrefix, StringComparison.Ordinal))
            {
                tally.CountRequest();
            }

            var operation = context.GetEndpoint()?.Metadata.GetMetadata<SimulatedOperation>();
            if (operation is not null)
            {
                // Header names are case-insensitive here, as in HTTP: netmera4j sends it lower-case.
                var key = context.Request.Headers["X-netmera-api-key"].ToString();
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), expectedKey))
                {
                    await NetmeraReply.Error(StatusCodes.Status403Forbidden, 2010, "API key is invalid").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                if (!quota.TryTake())
                {
                    await NetmeraReply.BadRequest(5022, "Service usage quota is exceeded").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                tally.CountOperation(operation);
                if (faults.Draw() is { } status)
                {
                    await Fault(context, status).ConfigureAwait(false);
                    return;
                }

                if (faults.Latency > TimeSpan.Zero)
                {
                    await Task.Delay(faults.Latency, clock, context.RequestAborted).ConfigureAwait(false);
                }
            }

            await next(context).ConfigureAwait(false);
        });
    }

    private static async Task Fault(HttpContext context, int status)
    {
        if (status == StatusCodes.Status500InternalServerError)
        {
            // The error table's 2001 "Internal server error" is a 500 in Netmera's own shape.
            await NetmeraReply.Error(status, 2001, "Internal server error").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // A gateway in front of the API answers in its own words, not Netmera's JSON.
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("Service Unavailable", context.RequestAborted).ConfigureAwait(false);
    }
}
