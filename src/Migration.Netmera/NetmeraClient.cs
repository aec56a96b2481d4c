using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Migration.Domain.Source;
using Refit;

namespace Migration.Netmera;

/// <summary>
/// Reads what extraction needs from one Netmera app. Maps Netmera's <c>{code, error}</c> bodies to
/// <see cref="NetmeraApiException"/>; follows <c>nextPage</c> verbatim but only on the connection's
/// own host, so the API key is never sent anywhere else.
/// </summary>
public sealed class NetmeraClient(INetmeraApi api, HttpClient http, NetmeraConnection connection)
{
    private const string Os = "IOS";

    public string ConnectionName => connection.Name;

    public async Task<IReadOnlyList<NetmeraSegment>> GetSegmentsAsync(CancellationToken cancellationToken) =>
        (await Call(() => api.GetSegmentsAsync(Os, cancellationToken)).ConfigureAwait(false)).List ?? [];

    /// <summary>
    /// One page of a segment's members: the first page when <paramref name="nextPage"/> is null, else
    /// the page that URL names.
    /// </summary>
    public async Task<NetmeraSegmentUsersPage> GetSegmentUsersPageAsync(
        long segmentId, int pageSize, string? nextPage, CancellationToken cancellationToken)
    {
        if (nextPage is null)
            return await Call(() => api.GetSegmentUsersAsync(segmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), pageSize, Os, cancellationToken)).ConfigureAwait(false);

        var url = new Uri(nextPage, UriKind.Absolute);
        if (Uri.Compare(url, connection.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            throw new NetmeraApiException(null, HttpStatusCode.BadGateway,
                $"Netmera's nextPage points at another host ({url.Host}); refusing to send the API key there.");

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-netmera-os", Os);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ToException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), null).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<NetmeraSegmentUsersPage>(NetmeraJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new NetmeraApiException(null, response.StatusCode, "Netmera returned an empty segment page.");
    }

    /// <summary>A user's profile attributes, or null when Netmera does not know the user (5016).</summary>
    public async Task<IReadOnlyDictionary<string, JsonElement>?> GetProfileAsync(string extId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Call(() => api.GetProfileAttributesAsync(extId, cancellationToken)).ConfigureAwait(false);
            return response.Profile ?? new Dictionary<string, JsonElement>();
        }
        catch (NetmeraApiException e) when (e.Code == NetmeraApiException.UserNotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<SourceDevice>> GetDevicesAsync(string extId, CancellationToken cancellationToken)
    {
        var response = await Call(() => api.GetDevicesAsync(extId, cancellationToken)).ConfigureAwait(false);
        return (response.Devices ?? []).Select(d => new SourceDevice
        {
            Platform = d.Platform,
            Token = d.AnyToken,
            DeviceModel = d.DeviceModel,
            PushPermitted = d.PushPermitted,
            InstallationId = d.InstallationId,
        }).ToList();
    }

    public async Task<IReadOnlyList<SourceAttributeDefinition>> GetProfileAttributeDefinitionsAsync(CancellationToken cancellationToken)
    {
        var response = await Call(() => api.GetProfileAttributeDefinitionsAsync(cancellationToken)).ConfigureAwait(false);
        static IEnumerable<SourceAttributeDefinition> Map(IReadOnlyList<NetmeraAttributeDefinition>? items, bool custom) =>
            (items ?? []).Where(d => d.Code is not null)
                .Select(d => new SourceAttributeDefinition(d.Code!, d.Name ?? d.Code!, d.DataType ?? "STRING", custom, d.IsArray ?? false));
        return Map(response.StandardProfileAttributes, false).Concat(Map(response.CustomProfileAttributes, true)).ToList();
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw await ToException(e.StatusCode, e.Content, e).ConfigureAwait(false);
        }
    }

    private static Task<NetmeraApiException> ToException(HttpStatusCode status, string? body, Exception? inner)
    {
        NetmeraErrorBody? error = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try { error = JsonSerializer.Deserialize<NetmeraErrorBody>(body, NetmeraJson.Options); }
            catch (JsonException) { /* not Netmera's error shape (e.g. an RFC 9457 page): report the status */ }
        }
        var message = $"Netmera {(int)status}{(error?.Code is { } c ? $" code {c}" : "")}: {NetmeraApiException.Describe(error?.Code)}" +
                      (error?.Error is { Length: > 0 } text ? $" ({text})" : "");
        return Task.FromResult(new NetmeraApiException(error?.Code, status, message, inner));
    }
}
