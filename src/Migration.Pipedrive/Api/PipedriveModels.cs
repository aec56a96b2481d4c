using System.Text.Json;

namespace Migration.Pipedrive;

// Envelopes ---------------------------------------------------------------------------------------

/// <summary>v2 single-object envelope: <c>{"success": true, "data": {...}}</c>.</summary>
public sealed record PipedriveResponse<T>(bool Success, T? Data);

/// <summary>v2 list envelope with cursor paging: <c>additional_data.next_cursor</c> is null on the last page.</summary>
public sealed record PipedriveListResponse<T>(bool Success, IReadOnlyList<T>? Data, CursorPage? AdditionalData);

public sealed record CursorPage(string? NextCursor);

/// <summary>v1 envelope; lists page by offset in <c>additional_data.pagination</c>.</summary>
public sealed record PipedriveV1Response<T>(bool Success, T? Data, V1AdditionalData? AdditionalData);

public sealed record V1AdditionalData(V1Pagination? Pagination);

public sealed record V1Pagination(int Start, int Limit, bool MoreItemsInCollection, int? NextStart);

/// <summary>Pipedrive's error envelope; plan caps add a string <c>code</c>.</summary>
public sealed record PipedriveErrorBody(bool? Success, string? Error, string? ErrorInfo, JsonElement? Code);

public sealed record DeletedItem(long Id);

public sealed record DeletedField(string? FieldCode);

// Contacts and addresses --------------------------------------------------------------------------

public sealed record ContactValue(string Value, bool? Primary = null, string? Label = null);

/// <summary>A v2 address: only <c>value</c> is required; unset parts become null in Pipedrive.</summary>
public sealed record Address
{
    public required string Value { get; init; }
    public string? StreetNumber { get; init; }
    public string? Route { get; init; }
    public string? Sublocality { get; init; }
    public string? Locality { get; init; }
    public string? AdminAreaLevel1 { get; init; }
    public string? AdminAreaLevel2 { get; init; }
    public string? Country { get; init; }
    public string? PostalCode { get; init; }
    public string? Subpremise { get; init; }
}

// Persons -----------------------------------------------------------------------------------------

/// <summary>A person as v2 returns it; custom field values stay raw JSON keyed by field code.</summary>
public sealed record Person(
    long Id,
    string? Name,
    string? FirstName,
    string? LastName,
    long? OwnerId,
    long? OrgId,
    string? AddTime,
    string? UpdateTime,
    IReadOnlyList<ContactValue>? Emails,
    IReadOnlyList<ContactValue>? Phones,
    bool? IsDeleted,
    IReadOnlyList<long>? LabelIds,
    IReadOnlyDictionary<string, JsonElement?>? CustomFields);

/// <summary>
/// Body of POST /persons and PATCH /persons/{id}. Null members are left out of the JSON; custom field
/// values are written as given (see <see cref="CustomFieldValue"/>), keyed by the account's field code.
/// </summary>
public sealed record PersonWrite
{
    public string? Name { get; init; }
    public long? OwnerId { get; init; }
    public long? OrgId { get; init; }
    public IReadOnlyList<ContactValue>? Emails { get; init; }
    public IReadOnlyList<ContactValue>? Phones { get; init; }
    public int? VisibleTo { get; init; }
    public IReadOnlyList<long>? LabelIds { get; init; }
    public string? AddTime { get; init; }
    public IReadOnlyDictionary<string, object?>? CustomFields { get; init; }
}

// Organizations -----------------------------------------------------------------------------------

public sealed record Organization(
    long Id,
    string? Name,
    long? OwnerId,
    string? AddTime,
    string? UpdateTime,
    bool? IsDeleted,
    IReadOnlyList<long>? LabelIds,
    JsonElement? Address,
    IReadOnlyDictionary<string, JsonElement?>? CustomFields);

public sealed record OrganizationWrite
{
    public string? Name { get; init; }
    public long? OwnerId { get; init; }
    public int? VisibleTo { get; init; }
    public IReadOnlyList<long>? LabelIds { get; init; }
    public Address? Address { get; init; }
    public string? Website { get; init; }
    public string? AddTime { get; init; }
    public IReadOnlyDictionary<string, object?>? CustomFields { get; init; }
}

// Deals -------------------------------------------------------------------------------------------

public sealed record Deal(
    long Id,
    string? Title,
    long? OwnerId,
    long? PersonId,
    long? OrgId,
    long? PipelineId,
    long? StageId,
    decimal? Value,
    string? Currency,
    string? Status,
    string? AddTime,
    string? UpdateTime,
    bool? IsDeleted,
    IReadOnlyDictionary<string, JsonElement?>? CustomFields);

public sealed record DealWrite
{
    public string? Title { get; init; }
    public long? OwnerId { get; init; }
    public long? PersonId { get; init; }
    public long? OrgId { get; init; }
    public long? PipelineId { get; init; }
    public long? StageId { get; init; }
    public decimal? Value { get; init; }
    public string? Currency { get; init; }

    /// <summary>open, won or lost.</summary>
    public string? Status { get; init; }
    public string? ExpectedCloseDate { get; init; }
    public IReadOnlyList<long>? LabelIds { get; init; }
    public IReadOnlyDictionary<string, object?>? CustomFields { get; init; }
}

// Activities --------------------------------------------------------------------------------------

public sealed record Activity(
    long Id,
    string? Subject,
    string? Type,
    long? OwnerId,
    long? PersonId,
    long? OrgId,
    long? DealId,
    string? DueDate,
    string? DueTime,
    string? Duration,
    bool? Done,
    string? Note,
    string? AddTime,
    string? UpdateTime,
    bool? IsDeleted,
    IReadOnlyList<ActivityParticipant>? Participants);

/// <summary>
/// Body of POST/PATCH /activities. v2 has no activity custom fields and derives <c>person_id</c> from
/// the primary participant, so a person is linked through <see cref="Participants"/>. <c>type</c> is
/// an activity type's <c>key_string</c>; dates and times are UTC.
/// </summary>
public sealed record ActivityWrite
{
    public string? Subject { get; init; }
    public string? Type { get; init; }
    public long? OwnerId { get; init; }
    public long? DealId { get; init; }
    public long? OrgId { get; init; }
    public string? DueDate { get; init; }
    public string? DueTime { get; init; }
    public string? Duration { get; init; }
    public bool? Done { get; init; }
    public string? Note { get; init; }
    public string? PublicDescription { get; init; }
    public IReadOnlyList<ActivityParticipant>? Participants { get; init; }
}

public sealed record ActivityParticipant(long PersonId, bool Primary);

// Pipelines and stages ----------------------------------------------------------------------------

public sealed record Pipeline(long Id, string? Name, int? OrderNr, bool? IsDeleted);

public sealed record PipelineWrite(string Name, bool? IsDealProbabilityEnabled = null);

public sealed record Stage(long Id, string? Name, long? PipelineId, int? OrderNr, int? DealProbability, bool? IsDeleted);

public sealed record StageWrite(string Name, long PipelineId, int? DealProbability = null);

// Fields ------------------------------------------------------------------------------------------

/// <summary>A field definition of any entity (v2): custom fields have a 40-character <c>field_code</c>.</summary>
public sealed record Field(
    string FieldName,
    string FieldCode,
    string FieldType,
    IReadOnlyList<FieldOption>? Options,
    bool IsCustomField);

/// <summary>An option of an enum/set field; ids are ints for custom fields, strings for built-in ones.</summary>
public sealed record FieldOption(JsonElement Id, string? Label, string? Color)
{
    /// <summary>The option id as a number, for writing enum/set values; null for built-in string ids.</summary>
    public long? NumericId => Id.ValueKind == JsonValueKind.Number && Id.TryGetInt64(out var id) ? id : null;
}

public sealed record NewField(string FieldName, string FieldType, IReadOnlyList<NewFieldOption>? Options = null);

public sealed record FieldRename(string FieldName);

public sealed record NewFieldOption(string Label);

public sealed record FieldOptionRename(long Id, string Label);

public sealed record FieldOptionId(long Id);

/// <summary>A field as v1 shows it: <c>key</c> is v2's field_code, <c>id</c> the number v1's PUT takes.</summary>
public sealed record V1Field(long? Id, string Key, string? Name, string? FieldType, bool? EditFlag, IReadOnlyList<FieldOption>? Options);

/// <summary>
/// v1 GET /personFields: the spec declares <c>additional_data</c> as <c>{start, limit, more_items_in_collection}</c>;
/// other v1 lists nest it under <c>pagination</c>, so both are read.
/// </summary>
public sealed record V1FieldsResponse(bool Success, IReadOnlyList<V1Field>? Data, V1FieldsPage? AdditionalData);

public sealed record V1FieldsPage(int? Start, int? Limit, bool? MoreItemsInCollection, V1Pagination? Pagination)
{
    public bool More => Pagination?.MoreItemsInCollection ?? MoreItemsInCollection ?? false;
}

/// <summary>Body of v1 PUT /personFields/{id}: every active option, existing ones by id.</summary>
public sealed record V1FieldUpdate(IReadOnlyList<V1OptionWrite> Options);

public sealed record V1OptionWrite(long? Id, string Label, string? Color = null);

// Search ------------------------------------------------------------------------------------------

public sealed record SearchResult(IReadOnlyList<SearchHit>? Items);

public sealed record SearchHit(double? ResultScore, SearchItem Item);

public sealed record SearchItem(long Id, string? Type, string? Name, string? Title);

public sealed record FieldSearchHit(long Id, string? Name);

// v1: users, activity types, filters, notes -------------------------------------------------------

public sealed record User(long Id, string? Name, string? Email, bool? ActiveFlag, bool? IsYou, string? TimezoneName);

public sealed record ActivityType(long Id, string? Name, string? KeyString, string? IconKey, bool? ActiveFlag, bool? IsCustomFlag);

public sealed record NewActivityType(string Name, string IconKey, string? Color = null);

public sealed record Filter(long Id, string? Name, string? Type, bool? ActiveFlag, JsonElement? Conditions)
{
    /// <summary>v1 time, <c>2026-11-28 21:59:32</c> (UTC).</summary>
    public string? UpdateTime { get; init; }
}

public sealed record NewFilter(string Name, string Type, FilterConditions Conditions);

/// <summary>The one layout Pipedrive accepts: an AND group holding one AND group and one OR group.</summary>
public sealed record FilterConditions(string Glue, IReadOnlyList<FilterGroup> Conditions);

public sealed record FilterGroup(string Glue, IReadOnlyList<FilterCondition> Conditions);

public sealed record FilterCondition(string Object, string FieldId, string Operator, object? Value, object? ExtraValue = null);

public sealed record Note(long Id, string? Content, long? PersonId, long? OrgId, long? DealId, string? AddTime, bool? ActiveFlag);

public sealed record NewNote
{
    public required string Content { get; init; }
    public long? PersonId { get; init; }
    public long? OrgId { get; init; }
    public long? DealId { get; init; }

    /// <summary>UTC, <c>YYYY-MM-DD HH:MM:SS</c> (v1 dates).</summary>
    public string? AddTime { get; init; }
}
