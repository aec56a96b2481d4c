namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// The few places where a vendor spec's schema disagrees with its own text or with the vendor's other
/// documentation. Each entry says where the simulator's behaviour comes from; nothing else is relaxed.
/// </summary>
public static class KnownSpecGaps
{
    public static readonly ContractRelaxations Pipedrive = new()
    {
        NullableProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            // The schema types next_cursor as string; its description says it is null on the last page.
            "next_cursor",

            // No organization / no picture / a one-word name: the live v2 API answers null (v1 did too), while the
            // schema leaves out `nullable`. Clients must cope with null, so the simulator sends it.
            "org_id",
            "picture_id",
            "first_name",
            "last_name",

            // Search items of persons without an organization.
            "organization",
        },
        UndeclaredAllowed = new HashSet<string>(StringComparer.Ordinal)
        {
            // Field objects: not in the schema's properties, but in the spec's own response examples.
            "description",
        },
    };

    public static readonly ContractRelaxations Netmera = new()
    {
        NullableProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            // getSegments: the API reference says userCount is null for CONNECTORS_SEGMENT.
            "userCount",
        },
        UndeclaredAllowed = new HashSet<string>(StringComparer.Ordinal)
        {
            // Device: netmera4j's device model and the API reference carry installationId.
            "installationId",

            // getSegmentUsers: the API reference documents nextPage with an opaque offset.
            "nextPage",
        },
    };
}
