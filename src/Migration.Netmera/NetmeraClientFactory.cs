using Microsoft.Extensions.Configuration;
using Refit;

namespace Migration.Netmera;

/// <summary>Builds a <see cref="NetmeraClient"/> for a named connection over the pooled "netmera" handler chain.</summary>
public sealed class NetmeraClientFactory(IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider time)
{
    public const string HttpClientName = "netmera";

    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(NetmeraJson.Options));

    private readonly NetmeraClientOptions options = NetmeraClientOptions.From(configuration);

    public NetmeraClient Create(string connectionName)
    {
        var connection = NetmeraConnection.Resolve(configuration, connectionName);
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = connection.BaseUrl;
        http.DefaultRequestHeaders.Add("X-netmera-api-key", connection.ApiKey);
        return new NetmeraClient(RestService.For<INetmeraApi>(http, Settings), http, connection, time, options);
    }
}
