using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Migration.Domain.Mapping;

namespace Migration.Domain.Persons;

/// <summary>
/// A Pipedrive person as the migration means to write it, before field keys are resolved.
/// <see cref="NetmeraId"/> is stamped into the account's "Netmera ID" custom field so a write whose
/// ledger entry was lost can be found again (DESIGN §4.1).
/// </summary>
public sealed record PersonDraft(string NetmeraId, string Name, string? Email, string? Phone)
{
    /// <summary>Values for the person's mapped custom fields, by display name (the approved field map's targets).</summary>
    public IReadOnlyList<MappedValue> CustomValues { get; init; } = [];

    /// <summary>Person label names (tags, when the map sends them to labels).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The owner as the source names them (an email, else a name), resolved to a Pipedrive user when written.</summary>
    public string? Owner { get; init; }

    /// <summary>The key of the organization the person belongs to (<see cref="Organizations.OrganizationRule"/>), linked as <c>org_id</c> when written.</summary>
    public string? Organization { get; init; }

    /// <summary>
    /// SHA-256 of the draft's canonical JSON: what the ledger keeps so a later delta sync can tell a
    /// changed user from an unchanged one without storing the values themselves.
    /// </summary>
    public string PayloadHash()
    {
        var canonical = JsonSerializer.Serialize(new object?[] { NetmeraId, Name, Email, Phone, CustomValues, Labels, Owner, Organization });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
