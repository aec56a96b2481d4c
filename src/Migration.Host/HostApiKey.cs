using System.Security.Cryptography;
using System.Text;
using Migration.Workflow.Api;

namespace Migration.Host;

/// <summary>
/// The local host trusts loopback callers. A request that arrives on any other interface must carry
/// <c>x-api-key</c> matching <c>Migration:Host:ApiKey</c>; with no key configured it is refused.
/// </summary>
public sealed class HostApiKey(RequestDelegate next, IConfiguration configuration)
{
    public const string Header = "x-api-key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.LocalIpAddress is { } local && !System.Net.IPAddress.IsLoopback(local))
        {
            var expected = configuration["Migration:Host:ApiKey"];
            var given = context.Request.Headers[Header].ToString();
            if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                await new ApiHttpResult(ApiResult.Problem(401, "api-key-required", "An API key is required",
                    $"This host is reachable beyond loopback; send the key configured as Migration:Host:ApiKey in the {Header} header.")).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }
}
