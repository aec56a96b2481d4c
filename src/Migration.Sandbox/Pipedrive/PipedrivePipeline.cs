using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// The request pipeline in front of the vendor routes, one component per concern, in the order Pipedrive applies
/// them: the token (401), injected faults, the token budget and burst windows (429 / HTML 403), then the
/// operation, whose refusals become the error envelope. Admin routes (<c>/_sandbox/</c>) bypass all of it.
/// </summary>
internal static class PipedrivePipeline
{
    public static void UsePipedrivePipeline(this WebApplication app, CredentialGate gate, FaultInjection faults, RateLimiting limits)
    {
        // Bodiless framework answers (unknown route 404, wrong method 405) get the error envelope too.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var message = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "Unknown method .",
                StatusCodes.Status405MethodNotAllowed => "Method not allowed",
                var status => ReasonPhrases.GetReasonPhrase(status),
            };
            await PipedriveWire.Error(http.Response.StatusCode, message).ExecuteAsync(http).ConfigureAwait(false);
        });

        app.UseRouting();
        app.Use((context, next) => gate.InvokeAsync(context, next));
        app.Use((context, next) => faults.InvokeAsync(context, next));
        app.Use((context, next) => limits.InvokeAsync(context, next));
        app.Use((context, next) => RejectionEnvelope.InvokeAsync(context, next));
    }

    /// <summary>The vendor operation a request was routed to, or null for admin routes and unknown paths.</summary>
    public static SimulatedOperation? VendorOperation(this HttpContext context) =>
        context.Request.Path.StartsWithSegments(SimulatorHost.AdminPrefix, StringComparison.Ordinal)
            ? null
            : context.GetEndpoint()?.Metadata.GetMetadata<SimulatedOperation>();
}

/// <summary>
/// Counts vendor requests and checks the token: <c>x-api-token</c> or <c>?api_token=</c> is an API token,
/// <c>Authorization: Bearer</c> is OAuth (the sandbox has one credential string for both). The credential goes on
/// the request's features for the limits.
/// </summary>
internal sealed class CredentialGate(string apiToken, RequestTally tally)
{
    private readonly byte[] expected = Encoding.UTF8.GetBytes(apiToken);
    private readonly string fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiToken)))[..8];

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments(SimulatorHost.AdminPrefix, StringComparison.Ordinal))
        {
            await next().ConfigureAwait(false);
            return;
        }

        tally.CountRequest();
        if (Identify(context.Request) is not { } credential)
        {
            await PipedriveWire.Unauthorized().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Features.Set(credential);
        if (context.VendorOperation() is { } operation)
        {
            tally.CountOperation(operation);
        }

        await next().ConfigureAwait(false);
    }

    private Credential? Identify(HttpRequest request)
    {
        var kind = CredentialKind.ApiToken;
        var token = request.Headers["x-api-token"].ToString();
        if (token.Length == 0)
        {
            token = request.Query["api_token"].ToString();
        }

        if (token.Length == 0 && request.Headers.Authorization.ToString() is var authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            kind = CredentialKind.OAuth;
            token = authorization["Bearer ".Length..].Trim();
        }

        return token.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), expected)
            ? new Credential(kind, fingerprint)
            : null;
    }
}

/// <summary>
/// Injected faults and latency (vendor operations only). A 5xx or 429 fault answers before the API counts the
/// request, so it costs nothing; a commit-then-fail fault lets the request through (charged, carried out) and then
/// loses the answer: the buffered response is replaced by a 5xx, or the connection is dropped.
/// </summary>
internal sealed class FaultInjection(FaultInjector injector, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.VendorOperation() is not { } operation)
        {
            await next().ConfigureAwait(false);
            return;
        }

        var decision = injector.Draw(operation);
        if (injector.Latency is { } latency && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, clock, context.RequestAborted).ConfigureAwait(false);
        }

        switch (decision.Kind)
        {
            case FaultKind.ServerError:
                await PipedriveWire.Error(decision.Status, ReasonPhrases.GetReasonPhrase(decision.Status)).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.TooManyRequests:
                await PipedriveWire.Error(StatusCodes.Status429TooManyRequests, RateLimiting.TooManyRequestsMessage).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case FaultKind.CommitThenFail:
                await CommitThenFail(context, next, decision).ConfigureAwait(false);
                return;
            default:
                await next().ConfigureAwait(false);
                return;
        }
    }

    private async Task CommitThenFail(HttpContext context, Func<Task> next, FaultDecision decision)
    {
        // Buffer the answer so nothing reaches the client before we know whether the write landed.
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var buffered = new StreamResponseBodyFeature(buffer, original);
        context.Features.Set<IHttpResponseBodyFeature>(buffered);
        try
        {
            await next().ConfigureAwait(false);
            await buffered.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(original);
        }

        if (context.Response.StatusCode is < 200 or >= 300)
        {
            // Refused, so nothing was committed: the client gets the real answer.
            buffer.Position = 0;
            await buffer.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        injector.CountCommitThenFail(decision.DropConnection);
        if (decision.DropConnection)
        {
            // Dropped mid-answer: the status line, headers and part of the body go out, then the connection dies.
            // Dropping before the first byte instead would let .NET's SocketsHttpHandler resend the request on a
            // fresh connection when the first one was pooled, so the client would see the retry's answer, not the loss.
            buffer.Position = 0;
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)(buffer.Length / 2)), context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            context.Abort();
            return;
        }

        var limits = context.Response.Headers.Where(h => h.Key.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals("x-daily-requests-left", StringComparison.OrdinalIgnoreCase)).ToList();
        context.Response.Clear();
        foreach (var (name, value) in limits)
        {
            context.Response.Headers[name] = value;
        }

        await PipedriveWire.Error(decision.Status, ReasonPhrases.GetReasonPhrase(decision.Status)).ExecuteAsync(context).ConfigureAwait(false);
    }
}

/// <summary>
/// The token budget and burst windows (<see cref="TokenBudget"/>) applied to vendor operations, with the
/// documented headers. No <c>Retry-After</c> and no header for the daily token budget: the real API documents
/// neither (pipedrive-api.md §10), and a client must not come to rely on them here.
/// </summary>
internal sealed class RateLimiting(TokenBudget budget)
{
    /// <summary>One message for burst, search and budget 429s: the live API does not tell them apart (pain point 11.1).</summary>
    public const string TooManyRequestsMessage = "Request rate limit exceeded. Please retry later.";

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.VendorOperation() is not { } operation || context.Features.Get<Credential>() is not { } credential)
        {
            await next().ConfigureAwait(false);
            return;
        }

        var admission = budget.Admit(credential, operation);
        if (admission.Headers is { } headers)
        {
            var response = context.Response.Headers;
            response["x-ratelimit-limit"] = headers.Limit.ToString(CultureInfo.InvariantCulture);
            response["x-ratelimit-remaining"] = headers.Remaining.ToString(CultureInfo.InvariantCulture);
            response["x-ratelimit-reset"] = headers.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            if (headers.DailyRequestsLeft is { } left)
            {
                response["x-daily-requests-left"] = left.ToString(CultureInfo.InvariantCulture);
            }
        }

        switch (admission.Outcome)
        {
            case AdmissionOutcome.Blocked:
                await BlockPage(context).ConfigureAwait(false);
                return;
            case AdmissionOutcome.TooManyRequests:
                await PipedriveWire.Error(StatusCodes.Status429TooManyRequests, TooManyRequestsMessage).ExecuteAsync(context).ConfigureAwait(false);
                return;
            default:
                await next().ConfigureAwait(false);
                return;
        }
    }

    /// <summary>What a blocked API token gets: Cloudflare's HTML page, not the API's JSON (RL).</summary>
    private static async Task BlockPage(HttpContext context)
    {
        var ray = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=UTF-8";
        context.Response.Headers["server"] = "cloudflare";
        context.Response.Headers["cf-ray"] = ray + "-FRA";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en-US">
            <head><title>Attention Required! | Cloudflare</title><meta charset="UTF-8" /></head>
            <body>
            <div id="cf-wrapper">
              <h1>Sorry, you have been blocked</h1>
              <h2>You are unable to access api.pipedrive.com</h2>
              <p>This website is using a security service to protect itself from online attacks.</p>
              <p>Cloudflare Ray ID: <strong>{ray}</strong></p>
            </div>
            </body>
            </html>
            """,
            context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>Turns a refused request into Pipedrive's error envelope (with the plan-cap <c>code</c> when there is one).</summary>
internal static class RejectionEnvelope
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (RequestRejected rejected) when (!context.Response.HasStarted)
        {
            await PipedriveWire.Error(rejected.Status, rejected.Message, rejected.Code).ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
