using System.Collections.Immutable;
using System.Text.Json;

namespace Migration.Sandbox.Pipedrive;

/// <summary>One person as the account holds it. Immutable: updates replace the record under the account's lock.</summary>
internal sealed record StoredPerson(
    int Id,
    string Name,
    string? FirstName,
    string? LastName,
    int OwnerId,
    int? OrgId,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime,
    ImmutableArray<ContactValue> Emails,
    ImmutableArray<ContactValue> Phones,
    bool IsDeleted,
    int VisibleTo,
    ImmutableArray<int> LabelIds,
    int? PictureId,
    ImmutableDictionary<string, JsonElement> CustomFields);

/// <summary>An email or phone entry: <c>{value, primary, label}</c>.</summary>
internal sealed record ContactValue(string Value, bool Primary, string Label);
