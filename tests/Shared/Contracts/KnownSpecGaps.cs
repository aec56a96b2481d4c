namespace Migration.Tests.Shared.Contracts;

/// <summary>
/// The few places where a vendor spec's schema disagrees with its own text, its own examples or the vendor's other
/// documentation. Each entry says where the expected behaviour comes from; nothing else is relaxed. These apply to
/// responses only: requests are held to the letter of the spec (<see cref="PipedriveSpec.Load"/>).
/// </summary>
public static class KnownSpecGaps
{
    public static readonly ContractRelaxations Pipedrive = new()
    {
        NullableProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            // The schema types next_cursor as string; its description says it is null on the last page.
            "next_cursor",

            // A reference that is not set: the live API answers null (v1 did too; MIG: nested objects became plain
            // ids), while most schemas leave out `nullable`. The spec's own examples carry null for several of them
            // (org_id, deal_id, project_id in v1 examples). Clients must cope with null, so the simulator sends it.
            "org_id",
            "person_id",
            "deal_id",
            "lead_id",
            "project_id",
            "task_id",
            "picture_id",
            "last_update_user_id",

            // Embedded references of the same kind: search items and notes (v2 /deals/search example: organization null).
            "organization",
            "person",
            "deal",
            "project",
            "task",

            // A one-word name has no last name; a name-only create derives no first name when it is blank.
            "first_name",
            "last_name",

            // Addresses: the spec's own persons/search example carries "address": null; MIG says unset address
            // parts are null. Applies to organization address, activity location and search items alike.
            "address",
            "location",
            "country",
            "admin_area_level_1",
            "admin_area_level_2",
            "locality",
            "sublocality",
            "route",
            "street_number",
            "subpremise",
            "postal_code",

            // Deal times that have not happened (never won, lost or moved) and an unset expected close date: the
            // schema marks close_time nullable but not its siblings; v1 examples carry null won_time, lost_time,
            // expected_close_date and archive_time.
            "stage_change_time",
            "won_time",
            "lost_time",
            "expected_close_date",

            // Activities: MIG says marked_as_done_time is null (not "") when not done; the v2 tasks examples carry
            // null priority and marked_as_done_time. Unset optional activity values follow the same rule.
            "marked_as_done_time",
            "due_date",
            "due_time",
            "duration",
            "public_description",
            "priority",
            "note",
            "conference_meeting_client",
            "conference_meeting_url",
            "conference_meeting_id",

            // A user without a picture: GET /users declares icon_url nullable; the note's embedded user does not.
            "icon_url",
        },
        UndeclaredAllowed = new HashSet<string>(StringComparer.Ordinal)
        {
            // Field objects: not in the personFields schema's properties, but in the spec's own response examples
            // (and declared by dealFields).
            "description",

            // The documented error envelope (RESP) carries error_info on every error; the v1 401 schema omits it.
            "error_info",
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
