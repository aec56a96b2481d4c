using Refit;

namespace Migration.Netmera;

/// <summary>
/// The part of Netmera's REST API (<c>/rest/3.0/</c>) the extractor reads. Shapes follow
/// specs/netmera/netmera-rest-api.yaml; <c>app/profile-attributes</c> follows the newer API reference.
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

    [Get("/rest/3.0/app/profile-attributes")]
    Task<NetmeraProfileAttributeDefinitions> GetProfileAttributeDefinitionsAsync(CancellationToken cancellationToken);
}
