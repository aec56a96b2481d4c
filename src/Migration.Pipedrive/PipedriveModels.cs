using System.Text.Json;

namespace Migration.Pipedrive;

/// <summary>v2 single-object envelope: <c>{"success": true, "data": {...}}</c>.</summary>
public sealed record PipedriveResponse<T>(bool Success, T? Data);

/// <summary>v2 list envelope with cursor paging: <c>additional_data.next_cursor</c> is null on the last page.</summary>
public sealed record PipedriveListResponse<T>(bool Success, IReadOnlyList<T>? Data, CursorPage? AdditionalData);

public sealed record CursorPage(string? NextCursor);

/// <summary>Pipedrive's error envelope; plan caps add a string <c>code</c>.</summary>
public sealed record PipedriveErrorBody(bool? Success, string? Error, string? ErrorInfo, JsonElement? Code);

public sealed record PersonField(
    string FieldName,
    string FieldCode,
    string FieldType,
    IReadOnlyList<FieldOption>? Options,
    bool IsCustomField);

/// <summary>An option of an enum/set field; ids are ints for custom fields, strings for built-in ones.</summary>
public sealed record FieldOption(JsonElement Id, string? Label, string? Color);

public sealed record NewPersonField(string FieldName, string FieldType, IReadOnlyList<NewFieldOption>? Options = null);

public sealed record NewFieldOption(string Label);

public sealed record ContactValue(string Value, bool? Primary = null, string? Label = null);

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
    IReadOnlyDictionary<string, JsonElement?>? CustomFields);

/// <summary>
/// Body of POST /persons and PATCH /persons/{id}. Null members are left out of the JSON; custom field
/// values are written as given (v2 shapes), keyed by the account's resolved field code.
/// </summary>
public sealed record PersonWrite
{
    public string? Name { get; init; }
    public long? OwnerId { get; init; }
    public long? OrgId { get; init; }
    public IReadOnlyList<ContactValue>? Emails { get; init; }
    public IReadOnlyList<ContactValue>? Phones { get; init; }
    public IReadOnlyDictionary<string, object?>? CustomFields { get; init; }
}

public sealed record PersonSearchResult(IReadOnlyList<PersonSearchHit>? Items);

public sealed record PersonSearchHit(double? ResultScore, PersonSearchItem Item);

public sealed record PersonSearchItem(long Id, string? Type, string? Name);
