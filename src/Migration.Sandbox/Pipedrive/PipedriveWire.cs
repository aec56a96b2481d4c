using System.Text.Encodings.Web;
using System.Text.Json;

namespace Migration.Sandbox.Pipedrive;

/// <summary>v2 envelopes and object shapes (snake_case; nulls are written, as Pipedrive does).</summary>
internal static class PipedriveWire
{
    public const string ErrorInfo = "Please check developers.pipedrive.com";

    public static readonly JsonSerializerOptions Json = Frozen(new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Admin routes are ours, not Pipedrive's: camelCase like the rest of the sandbox.</summary>
    public static readonly JsonSerializerOptions AdminJson = Frozen(new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static IResult Ok<T>(T data) => Results.Json(new DataEnvelope<T>(true, data), Json);

    public static IResult Page<T>(T data, string? nextCursor) =>
        Results.Json(new PageEnvelope<T>(true, data, new CursorData(nextCursor)), Json);

    public static IResult Error(int status, string message) =>
        Results.Json(new ErrorEnvelope(false, message, ErrorInfo, null, null), Json, statusCode: status);

    public static PersonView View(StoredPerson person, IReadOnlyList<PersonField> customFields, IReadOnlySet<string>? onlyKeys = null)
    {
        // Every custom field appears, null when unset, unless the caller asked for a subset (custom_fields=...).
        var custom = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var field in customFields)
        {
            if (onlyKeys is null || onlyKeys.Contains(field.FieldCode))
            {
                custom[field.FieldCode] = person.CustomFields.TryGetValue(field.FieldCode, out var value) ? value : null;
            }
        }

        return new PersonView(
            person.Id,
            person.Name,
            person.FirstName,
            person.LastName,
            person.OwnerId,
            person.OrgId,
            JsonRules.FormatTime(person.AddTime),
            JsonRules.FormatTime(person.UpdateTime),
            person.Emails.Select(e => new ContactView(e.Value, e.Primary, e.Label)).ToArray(),
            person.Phones.Select(p => new ContactView(p.Value, p.Primary, p.Label)).ToArray(),
            person.IsDeleted,
            person.VisibleTo,
            [.. person.LabelIds],
            person.PictureId,
            custom);
    }

    public static FieldView View(PersonField field) => new(
        field.FieldName,
        field.FieldCode,
        field.Description,
        field.FieldType,
        field.Options?.Select(o => new OptionView(
            o.Id, o.Label, o.Color,
            o.AddTime is { } added ? JsonRules.FormatTime(added) : null,
            o.UpdateTime is { } updated ? JsonRules.FormatTime(updated) : null)).ToArray(),
        field.Subfields?.Select(s => new SubfieldView(s.FieldCode, s.FieldName, s.FieldType)).ToArray(),
        field.IsCustom,
        field.IsOptionalResponse);

    // Read-only from the start, so the shared options cannot be changed by anyone after startup.
    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

internal sealed record DataEnvelope<T>(bool Success, T Data);

internal sealed record PageEnvelope<T>(bool Success, T Data, CursorData AdditionalData);

internal sealed record CursorData(string? NextCursor);

internal sealed record ErrorEnvelope(bool Success, string Error, string ErrorInfo, object? Data, object? AdditionalData);

internal sealed record DeletedData(int Id);

internal sealed record ContactView(string Value, bool Primary, string Label);

internal sealed record PersonView(
    int Id,
    string Name,
    string? FirstName,
    string? LastName,
    int OwnerId,
    int? OrgId,
    string AddTime,
    string UpdateTime,
    IReadOnlyList<ContactView> Emails,
    IReadOnlyList<ContactView> Phones,
    bool IsDeleted,
    int VisibleTo,
    IReadOnlyList<int> LabelIds,
    int? PictureId,
    IReadOnlyDictionary<string, JsonElement?> CustomFields);

internal sealed record OptionView(object Id, string Label, string? Color, string? AddTime, string? UpdateTime);

internal sealed record SubfieldView(string FieldCode, string FieldName, string FieldType);

internal sealed record FieldView(
    string FieldName,
    string FieldCode,
    string? Description,
    string FieldType,
    IReadOnlyList<OptionView>? Options,
    IReadOnlyList<SubfieldView>? Subfields,
    bool IsCustomField,
    bool IsOptionalResponseField);

internal sealed record SearchData(IReadOnlyList<SearchHit> Items);

internal sealed record SearchHit(double ResultScore, SearchItem Item);

internal sealed record OwnerRef(int Id);

internal sealed record SearchItem(
    int Id,
    string Type,
    string Name,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> Emails,
    int VisibleTo,
    OwnerRef Owner,
    object? Organization,
    IReadOnlyList<string> CustomFields,
    IReadOnlyList<string> Notes);

internal sealed record PipedriveStats(
    int Persons,
    int PersonsDeleted,
    int PersonFields,
    int CustomPersonFields,
    long Requests,
    IReadOnlyDictionary<string, long> RequestsByOperation);
