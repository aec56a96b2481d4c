using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Refit;

namespace Migration.Pipedrive;

/// <summary>Builds a <see cref="PipedriveClient"/> for a named connection over the pooled "pipedrive" handler chain.</summary>
public sealed class PipedriveClientFactory(IHttpClientFactory httpClients, IConfiguration configuration)
{
    public const string HttpClientName = "pipedrive";

    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(PipedriveJson.Options), new PipedriveQueryFormatter());

    public PipedriveClient Create(string connectionName)
    {
        var connection = PipedriveConnection.Resolve(configuration, connectionName);
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = connection.BaseUrl;
        if (connection.ApiToken is { } token)
            http.DefaultRequestHeaders.Add("x-api-token", token);
        else
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.OAuthAccessToken);
        return new PipedriveClient(RestService.For<IPipedriveApi>(http, Settings), connection.Name);
    }
}
