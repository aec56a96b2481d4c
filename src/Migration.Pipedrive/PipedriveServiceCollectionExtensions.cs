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
        builder.Services.AddHttpClient(PipedriveClientFactory.HttpClientName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PipedriveClientFactory>();
        return builder;
    }
}
