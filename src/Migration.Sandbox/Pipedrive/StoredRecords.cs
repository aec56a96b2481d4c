using System.Collections.Immutable;
using System.Text.Json;

namespace Migration.Sandbox.Pipedrive;

// What the account holds. Every record is immutable: an update replaces it under the account's lock, so a
// snapshot handed out stays consistent after the lock is released.

/// <summary>What v2 lists page and filter on.</summary>
internal interface IStoredRecord
{
    int Id { get; }

    DateTimeOffset AddTime { get; }

    DateTimeOffset UpdateTime { get; }

    bool IsDeleted { get; }
}

/// <summary>Records with owners, labels and custom field values: persons, organizations, deals.</summary>
internal interface ICustomizedRecord : IStoredRecord
{
    int OwnerId { get; }

    int VisibleTo { get; }

    ImmutableArray<int> LabelIds { get; }

    ImmutableDictionary<string, JsonElement> CustomFields { get; }
}

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
    ImmutableDictionary<string, JsonElement> CustomFields) : ICustomizedRecord;

/// <summary>An email or phone entry: <c>{value, primary, label}</c>.</summary>
internal sealed record ContactValue(string Value, bool Primary, string Label);

/// <summary>A v2 address: <c>value</c> plus the Google-style parts, unset parts null.</summary>
internal sealed record AddressValue(string Value, ImmutableSortedDictionary<string, string?> Parts);

internal sealed record StoredOrganization(
    int Id,
    string Name,
    int OwnerId,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime,
    bool IsDeleted,
    int VisibleTo,
    AddressValue? Address,
    ImmutableArray<int> LabelIds,
    string? Website,
    string? Linkedin,
    int? Industry,
    int? AnnualRevenue,
    int? EmployeeCount,
    ImmutableDictionary<string, JsonElement> CustomFields) : ICustomizedRecord;

internal sealed record StoredDeal(
    int Id,
    string Title,
    int CreatorUserId,
    int OwnerId,
    int? PersonId,
    int? OrgId,
    int PipelineId,
    int StageId,
    decimal Value,
    string Currency,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime,
    DateTimeOffset? StageChangeTime,
    bool IsDeleted,
    bool IsArchived,
    DateTimeOffset? ArchiveTime,
    string Status,
    decimal? Probability,
    string? LostReason,
    int VisibleTo,
    DateTimeOffset? CloseTime,
    DateTimeOffset? WonTime,
    DateTimeOffset? LostTime,
    DateOnly? ExpectedCloseDate,
    ImmutableArray<int> LabelIds,
    ImmutableDictionary<string, JsonElement> CustomFields) : ICustomizedRecord;

internal sealed record Participant(int PersonId, bool Primary);

internal sealed record Attendee(string? Email, string? Name, string? Status, bool? IsOrganizer, int? PersonId, int? UserId);

internal sealed record StoredActivity(
    int Id,
    string Subject,
    string Type,
    int OwnerId,
    int CreatorUserId,
    bool IsDeleted,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime,
    int? DealId,
    int? OrgId,
    DateOnly? DueDate,
    TimeOnly? DueTime,
    string? Duration,
    bool Busy,
    bool Done,
    DateTimeOffset? MarkedAsDoneTime,
    AddressValue? Location,
    ImmutableArray<Participant> Participants,
    ImmutableArray<Attendee> Attendees,
    string? PublicDescription,
    int? Priority,
    string? Note) : IStoredRecord
{
    /// <summary>v2 makes person_id read-only: it is the primary participant's person (MIG).</summary>
    public int? PersonId => Participants.FirstOrDefault(p => p.Primary)?.PersonId;
}

internal sealed record StoredPipeline(
    int Id,
    string Name,
    int OrderNr,
    bool IsDeleted,
    bool IsDealProbabilityEnabled,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime) : IStoredRecord;

internal sealed record StoredStage(
    int Id,
    int OrderNr,
    string Name,
    bool IsDeleted,
    int DealProbability,
    int PipelineId,
    bool IsDealRotEnabled,
    int? DaysToRotten,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime) : IStoredRecord;

/// <summary>A v1 activity type; <see cref="KeyString"/> is fixed at creation and is what activities' <c>type</c> names.</summary>
internal sealed record StoredActivityType(
    int Id,
    int OrderNr,
    string Name,
    string KeyString,
    string IconKey,
    bool ActiveFlag,
    string? Color,
    bool IsCustomFlag,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime);

internal sealed record StoredFilter(
    int Id,
    string Name,
    string Type,
    JsonElement Conditions,
    int UserId,
    bool ActiveFlag,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime);

internal sealed record StoredNote(
    int Id,
    string Content,
    int UserId,
    int? LastUpdateUserId,
    int? DealId,
    int? PersonId,
    int? OrgId,
    bool ActiveFlag,
    DateTimeOffset AddTime,
    DateTimeOffset UpdateTime,
    bool PinnedToDeal,
    bool PinnedToOrganization,
    bool PinnedToPerson);

/// <summary>A user of the company; user 1 is the token's owner (<c>is_you</c>).</summary>
internal sealed record PipedriveUser(
    int Id,
    string Name,
    string Email,
    bool IsAdmin,
    string TimezoneName,
    string TimezoneOffset,
    DateTimeOffset Created);
