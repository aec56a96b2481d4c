using System.Net;
using System.Text.Json;
using Polly.Timeout;
using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// The Pipedrive operations the migration performs, with v2 envelopes unwrapped, cursors followed and
/// failures classified (<see cref="PipedriveApiException"/>).
/// </summary>
public sealed class PipedriveClient(IPipedriveApi api, string connectionName)
{
    /// <summary>Largest page v2 lists serve; tokens are charged per request, so always ask for it.</summary>
    public const int PageLimit = 500;

    public string ConnectionName => connectionName;

    public async Task<IReadOnlyList<PersonField>> GetPersonFieldsAsync(CancellationToken cancellationToken)
    {
        var fields = new List<PersonField>();
        string? cursor = null;
        do
        {
            var page = await Call(() => api.GetPersonFieldsAsync(cursor, PageLimit, cancellationToken)).ConfigureAwait(false);
            fields.AddRange(page.Data ?? []);
            cursor = page.AdditionalData?.NextCursor;
        }
        while (cursor is not null);
        return fields;
    }

    public async Task<PersonField> CreatePersonFieldAsync(NewPersonField field, CancellationToken cancellationToken) =>
        Unwrap(await Call(() => api.CreatePersonFieldAsync(field, cancellationToken)).ConfigureAwait(false), "person field");

    public async Task<Person> CreatePersonAsync(PersonWrite person, CancellationToken cancellationToken) =>
        Unwrap(await Call(() => api.CreatePersonAsync(person, cancellationToken)).ConfigureAwait(false), "person");

    public async Task<Person> GetPersonAsync(long id, CancellationToken cancellationToken) =>
        Unwrap(await Call(() => api.GetPersonAsync(id, cancellationToken)).ConfigureAwait(false), "person");

    /// <summary>Every non-deleted person, page by page.</summary>
    public async IAsyncEnumerable<Person> GetPersonsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await Call(() => api.GetPersonsAsync(cursor, PageLimit, cancellationToken)).ConfigureAwait(false);
            foreach (var person in page.Data ?? [])
                yield return person;
            cursor = page.AdditionalData?.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Ids of persons whose custom fields hold <paramref name="value"/> exactly (case-insensitive).</summary>
    public async Task<IReadOnlyList<long>> FindPersonsByCustomFieldAsync(string value, CancellationToken cancellationToken)
    {
        var result = await Call(() => api.SearchPersonsAsync(value, "custom_fields", true, 100, cancellationToken)).ConfigureAwait(false);
        return (result.Data?.Items ?? []).Select(hit => hit.Item.Id).Distinct().ToList();
    }

    private static T Unwrap<T>(PipedriveResponse<T> response, string what) =>
        response.Data ?? throw new PipedriveTransientException(HttpStatusCode.OK, $"Pipedrive answered without a {what}.");

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw Classify(e);
        }
        catch (HttpRequestException e)
        {
            throw new PipedriveTransientException(HttpStatusCode.ServiceUnavailable, $"Pipedrive could not be reached: {e.Message}", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new PipedriveTransientException(HttpStatusCode.GatewayTimeout, "Pipedrive did not answer in time.", e);
        }
    }

    private static PipedriveApiException Classify(ApiException e)
    {
        PipedriveErrorBody? body = null;
        if (!string.IsNullOrWhiteSpace(e.Content))
        {
            try { body = JsonSerializer.Deserialize<PipedriveErrorBody>(e.Content, PipedriveJson.Options); }
            catch (JsonException) { /* not the documented envelope: classify by status alone */ }
        }
        var text = body?.Error is { Length: > 0 } error ? error : e.ReasonPhrase ?? "no message";
        var code = body?.Code is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
        var message = $"Pipedrive {(int)e.StatusCode}: {text}";
        return e.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new PipedriveValidationException(e.StatusCode, message, e),
            HttpStatusCode.Forbidden when code is not null => new PipedrivePlanLimitException(e.StatusCode, code, $"{message} (code {code})", e),
            HttpStatusCode.Unauthorized or HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden => new PipedriveAccessException(e.StatusCode, message, e),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new PipedriveNotFoundException(message, e),
            HttpStatusCode.TooManyRequests => new PipedriveRateLimitedException(message, e.Headers.RetryAfter?.Delta, e),
            _ => new PipedriveTransientException(e.StatusCode, message, e),
        };
    }
}
