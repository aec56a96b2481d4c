using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Migration.Pipedrive;

public static class PipedriveServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Pipedrive client factory over a pooled socket handler. Retries and the governor
    /// are built per client by <see cref="PipedriveClientFactory"/>, since each client has its own allowance.
    /// </summary>
    public static IHostApplicationBuilder AddPipedriveServices(this IHostApplicationBuilder builder)
    {
        // Requests are counted in each client's usage and logged per batch by the activities, with run and batch ids. The
        // factory's per-request start and end logging (Information, which the host filters out) would add two handlers
        // and a log scope to every one of a load's requests.
        builder.Services.AddHttpClient(PipedriveClientFactory.HttpClientName).RemoveAllLoggers();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PipedriveClientFactory>();
        return builder;
    }
}
