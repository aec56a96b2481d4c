using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Migration.Domain.Mapping;

namespace Migration.Domain.Campaigns;

/// <summary>
/// A campaign's deal as the migration means to write it, before field keys and stage ids are resolved.
/// <see cref="NetmeraId"/> (the campaign key) is stamped into the deal's "Netmera ID" field so a write whose
/// ledger entry was lost can be found again (DESIGN §4.1).
/// </summary>
public sealed record DealDraft(string NetmeraId, string Title)
{
    /// <summary>The campaign pipeline's stage by name (the status the map sends to <c>stage_id</c>); null: the pipeline's first stage.</summary>
    public string? Stage { get; init; }

    public DateOnly? ExpectedCloseDate { get; init; }

    public decimal? Value { get; init; }

    /// <summary>Values for the deal's mapped custom fields, by display name.</summary>
    public IReadOnlyList<MappedValue> CustomValues { get; init; } = [];

    /// <summary>SHA-256 of the draft's canonical JSON, kept in the ledger (never the values themselves).</summary>
    public string PayloadHash()
    {
        var canonical = JsonSerializer.Serialize(new object?[] { NetmeraId, Title, Stage, ExpectedCloseDate, Value, CustomValues });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
