using Refit;

namespace Migration.Netmera;

/// <summary>
/// The part of Netmera's REST API (<c>/rest/3.0/</c>) the extractor reads. Shapes follow
/// specs/netmera/netmera-rest-api.yaml; <c>app/profile-attributes</c> and <c>app/events</c> follow the
/// newer API reference (netmera-api.md §3.1). Paged calls are only started here: later pages are
/// fetched from <c>nextPage</c> verbatim by <see cref="NetmeraClient"/>.
/// </summary>
public interface INetmeraApi
{
    // The spec marks X-netmera-os as required on segment calls; the newer reference says it has no
    // effect. Sending IOS is harmless either way.
    [Get("/rest/3.0/getSegments")]
    Task<NetmeraSegmentList> GetSegmentsAsync([Header("X-netmera-os")] string os, CancellationToken cancellationToken);

    [Get("/rest/3.0/getSegmentUsers")]
    Task<NetmeraSegmentUsersPage> GetSegmentUsersAsync(
        [AliasAs("id")] string segmentId, [AliasAs("max")] int max, [Header("X-netmera-os")] string os, CancellationToken cancellationToken);

    [Get("/rest/3.0/getProfileAttributes")]
    Task<NetmeraProfileResponse> GetProfileAttributesAsync(string extId, CancellationToken cancellationToken);

    [Get("/rest/3.0/getDevices")]
    Task<NetmeraDevicesResponse> GetDevicesAsync(string extId, CancellationToken cancellationToken);

    [Get("/rest/3.0/getDeviceTokens")]
    Task<NetmeraDeviceTokensPage> GetDeviceTokensAsync([AliasAs("max")] int max, CancellationToken cancellationToken);

    [Get("/rest/3.0/app/profile-attributes")]
    Task<NetmeraProfileAttributeDefinitions> GetProfileAttributeDefinitionsAsync(CancellationToken cancellationToken);

    [Get("/rest/3.0/app/events")]
    Task<NetmeraEventDefinitions> GetEventDefinitionsAsync(CancellationToken cancellationToken);

    [Get("/rest/3.0/getPushStats")]
    Task<NetmeraPushStats> GetPushStatsByKeyAsync(long notificationKey, CancellationToken cancellationToken);

    /// <summary><paramref name="start"/> and <paramref name="end"/> are epoch milliseconds.</summary>
    [Get("/rest/3.0/getPushStats")]
    Task<NetmeraPushStatsList> GetPushStatsByRangeAsync(long start, long end, CancellationToken cancellationToken);

    /// <summary>
    /// First page of delivery rows. At least one of key, extId or token is required (else 2009);
    /// null parameters are left out of the query. Times are epoch milliseconds.
    /// </summary>
    [Get("/rest/3.0/getPushResult")]
    Task<NetmeraPushResultsResponse> GetPushResultAsync(
        string? notificationKey, string? extId, string? token, long? start, long? end, int max, CancellationToken cancellationToken);

    [Post("/rest/3.0/targeting/count")]
    Task<NetmeraCountResponse> CountAsync([Body] NetmeraCountRequest request, CancellationToken cancellationToken);

    [Post("/rest/3.0/targeting/count-batch")]
    Task<NetmeraCountBatchResponse> CountBatchAsync([Body] NetmeraCountBatchRequest request, CancellationToken cancellationToken);
}
