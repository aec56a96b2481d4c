using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Migration.Sandbox.Pipedrive;

/// <summary>Envelopes and serializer settings (snake_case; nulls are written, as Pipedrive does).</summary>
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

    /// <summary>v2 lists: <c>additional_data.next_cursor</c>, null on the last page.</summary>
    public static IResult Page<T>(T data, string? nextCursor) =>
        Results.Json(new PageEnvelope<T>(true, data, new CursorData(nextCursor)), Json);

    /// <summary>The field-option endpoints: <c>additional_data</c> is null (pipedrive-api.md §4).</summary>
    public static IResult Options(IEnumerable<FieldOption> options) =>
        Results.Json(new PageEnvelope<OptionSummary[]>(true, [.. options.Select(o => new OptionSummary((int)o.Id, o.Label))], null), Json);

    /// <summary>v1 lists paged by offset: <c>next_start</c> only when there are more items.</summary>
    public static IResult OffsetPage<T>(IReadOnlyList<T> data, int start, int limit, bool more) =>
        Results.Json(new V1PageEnvelope<IReadOnlyList<T>>(true, data, new V1AdditionalData(new Pagination(start, limit, more, more ? start + data.Count : null))), Json);

    public static IResult Error(int status, string message, string? code = null) =>
        Results.Json(new ErrorEnvelope(false, message, ErrorInfo, null, null, code), Json, statusCode: status);

    /// <summary>The shape openapi-v1.yaml declares for 401 (<c>errorCode</c>), with the documented <c>error_info</c>.</summary>
    public static IResult Unauthorized() =>
        Results.Json(new UnauthorizedEnvelope(false, "unauthorized access", StatusCodes.Status401Unauthorized, ErrorInfo), Json, statusCode: StatusCodes.Status401Unauthorized);

    // Read-only from the start, so the shared options cannot be changed by anyone after startup.
    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

internal sealed record DataEnvelope<T>(bool Success, T Data);

internal sealed record PageEnvelope<T>(bool Success, T Data, CursorData? AdditionalData);

internal sealed record CursorData(string? NextCursor);

internal sealed record V1PageEnvelope<T>(bool Success, T Data, V1AdditionalData AdditionalData);

internal sealed record V1AdditionalData(Pagination Pagination);

internal sealed record Pagination(
    int Start,
    int Limit,
    bool MoreItemsInCollection,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NextStart);

internal sealed record ErrorEnvelope(
    bool Success,
    string Error,
    string ErrorInfo,
    object? Data,
    object? AdditionalData,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code);

internal sealed record UnauthorizedEnvelope(
    bool Success,
    string Error,
    [property: JsonPropertyName("errorCode")] int ErrorCode,
    string ErrorInfo);

internal sealed record DeletedData(int Id);

internal sealed record DeletedIds(IReadOnlyList<int> Id);

internal sealed record OptionSummary(int Id, string Label);

internal sealed record PipedriveStats(
    int Persons,
    int PersonsDeleted,
    int PersonFields,
    int CustomPersonFields,
    int Organizations,
    int Deals,
    int Activities,
    int Notes,
    int CustomFields,
    long Requests,
    IReadOnlyDictionary<string, long> RequestsByOperation);

/// <summary>Address-shaped values (organization address, activity location): value first, then every part.</summary>
internal static class AddressJson
{
    public static JsonObject? From(AddressValue? address)
    {
        if (address is null)
        {
            return null;
        }

        var json = new JsonObject { ["value"] = address.Value };
        foreach (var part in FieldTypes.AddressParts)
        {
            json[part] = address.Parts.GetValueOrDefault(part);
        }

        return json;
    }
}
