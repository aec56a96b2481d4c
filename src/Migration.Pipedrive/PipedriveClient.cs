using Migration.Domain.Budget;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Polly.Timeout;
using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// The Pipedrive operations a migration performs, with envelopes unwrapped, cursors and offsets
/// followed, and failures classified (<see cref="PipedriveApiException"/>,
/// <see cref="PipedriveBudgetExhaustedException"/>). Every request goes through this client's
/// <see cref="Governor"/>, whose <see cref="PipedriveGovernor.Usage"/> says what it spent.
/// </summary>
public sealed class PipedriveClient(
    IPipedriveV2Api v2, IPipedriveFieldsApi fields, IPipedriveV1Api v1, PipedriveConnection connection, PipedriveGovernor governor)
{
    /// <summary>Largest page lists serve; tokens are charged per request, so always ask for it.</summary>
    public const int PageLimit = 500;

    /// <summary>Ids one list request may name (the spec's <c>ids</c>: up to 100).</summary>
    public const int MaxIdsPerList = 100;

    /// <summary>Search pages hold at most 100 items.</summary>
    public const int SearchLimit = 100;

    public PipedriveConnection Connection => connection;
    public PipedriveGovernor Governor => governor;
    public ApiUsage Usage => governor.Usage;

    // Persons -------------------------------------------------------------------------------------

    public IAsyncEnumerable<Person> GetPersonsAsync(CancellationToken cancellationToken, DateTimeOffset? updatedSince = null) =>
        Cursor(cursor => v2.GetPersonsAsync(cursor, PageLimit, updatedSince?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), cancellationToken), cancellationToken);

    /// <summary>
    /// Persons by id, 100 per request: 10 tokens a page where reading each by id costs 1 token a person,
    /// which is what makes reading a whole load back affordable. Deleted or unknown ids are absent.
    /// </summary>
    public Task<IReadOnlyList<Person>> GetPersonsByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        ByIds(ids, (list, cursor) => v2.GetPersonsByIdsAsync(list, cursor, PageLimit, cancellationToken), cancellationToken);

    /// <summary>Organizations by id, 100 per request (10 tokens a page); deleted or unknown ids are absent.</summary>
    public Task<IReadOnlyList<Organization>> GetOrganizationsByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        ByIds(ids, (list, cursor) => v2.GetOrganizationsByIdsAsync(list, cursor, PageLimit, cancellationToken), cancellationToken);

    /// <summary>Deals by id, 100 per request (10 tokens a page); deleted or unknown ids are absent.</summary>
    public Task<IReadOnlyList<Deal>> GetDealsByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        ByIds(ids, (list, cursor) => v2.GetDealsByIdsAsync(list, cursor, PageLimit, cancellationToken), cancellationToken);

    /// <summary>Activities by id, 100 per request (10 tokens a page); deleted or unknown ids are absent.</summary>
    public Task<IReadOnlyList<Activity>> GetActivitiesByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        ByIds(ids, (list, cursor) => v2.GetActivitiesByIdsAsync(list, cursor, PageLimit, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<T>> ByIds<T>(
        IReadOnlyCollection<long> ids, Func<string, string?, Task<PipedriveListResponse<T>>> page, CancellationToken cancellationToken)
    {
        var items = new List<T>(ids.Count);
        foreach (var chunk in ids.Distinct().Chunk(MaxIdsPerList))
        {
            var list = string.Join(',', chunk.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            items.AddRange(await All(Cursor(cursor => page(list, cursor), cancellationToken)).ConfigureAwait(false));
        }
        return items;
    }

    public Task<Person> GetPersonAsync(long id, CancellationToken cancellationToken) => One(() => v2.GetPersonAsync(id, cancellationToken), "person");

    public Task<Person> CreatePersonAsync(PersonWrite person, CancellationToken cancellationToken) => One(() => v2.CreatePersonAsync(person, cancellationToken), "person");

    public Task<Person> UpdatePersonAsync(long id, PersonWrite person, CancellationToken cancellationToken) => One(() => v2.UpdatePersonAsync(id, person, cancellationToken), "person");

    public Task<DeletedItem> DeletePersonAsync(long id, CancellationToken cancellationToken) => One(() => v2.DeletePersonAsync(id, cancellationToken), "deleted person");

    /// <summary>Ids of persons whose custom fields hold <paramref name="value"/> exactly (case-insensitive).</summary>
    public Task<IReadOnlyList<long>> FindPersonsByCustomFieldAsync(string value, CancellationToken cancellationToken) =>
        SearchIds(cursor => v2.SearchPersonsAsync(value, "custom_fields", true, SearchLimit, cursor, cancellationToken));

    // Organizations -------------------------------------------------------------------------------

    public IAsyncEnumerable<Organization> GetOrganizationsAsync(CancellationToken cancellationToken) =>
        Cursor(cursor => v2.GetOrganizationsAsync(cursor, PageLimit, cancellationToken), cancellationToken);

    public Task<Organization> GetOrganizationAsync(long id, CancellationToken cancellationToken) => One(() => v2.GetOrganizationAsync(id, cancellationToken), "organization");

    public Task<Organization> CreateOrganizationAsync(OrganizationWrite organization, CancellationToken cancellationToken) => One(() => v2.CreateOrganizationAsync(organization, cancellationToken), "organization");

    public Task<Organization> UpdateOrganizationAsync(long id, OrganizationWrite organization, CancellationToken cancellationToken) => One(() => v2.UpdateOrganizationAsync(id, organization, cancellationToken), "organization");

    public Task<DeletedItem> DeleteOrganizationAsync(long id, CancellationToken cancellationToken) => One(() => v2.DeleteOrganizationAsync(id, cancellationToken), "deleted organization");

    public Task<IReadOnlyList<long>> FindOrganizationsByCustomFieldAsync(string value, CancellationToken cancellationToken) =>
        SearchIds(cursor => v2.SearchOrganizationsAsync(value, "custom_fields", true, SearchLimit, cursor, cancellationToken));

    // Deals ---------------------------------------------------------------------------------------

    public IAsyncEnumerable<Deal> GetDealsAsync(CancellationToken cancellationToken, long? pipelineId = null) =>
        Cursor(cursor => v2.GetDealsAsync(cursor, PageLimit, pipelineId, cancellationToken), cancellationToken);

    public Task<Deal> GetDealAsync(long id, CancellationToken cancellationToken) => One(() => v2.GetDealAsync(id, cancellationToken), "deal");

    public Task<Deal> CreateDealAsync(DealWrite deal, CancellationToken cancellationToken) => One(() => v2.CreateDealAsync(deal, cancellationToken), "deal");

    public Task<Deal> UpdateDealAsync(long id, DealWrite deal, CancellationToken cancellationToken) => One(() => v2.UpdateDealAsync(id, deal, cancellationToken), "deal");

    public Task<DeletedItem> DeleteDealAsync(long id, CancellationToken cancellationToken) => One(() => v2.DeleteDealAsync(id, cancellationToken), "deleted deal");

    public Task<IReadOnlyList<long>> FindDealsByCustomFieldAsync(string value, CancellationToken cancellationToken) =>
        SearchIds(cursor => v2.SearchDealsAsync(value, "custom_fields", true, SearchLimit, cursor, cancellationToken));

    // Activities ----------------------------------------------------------------------------------

    public IAsyncEnumerable<Activity> GetActivitiesAsync(CancellationToken cancellationToken, long? personId = null) =>
        Cursor(cursor => v2.GetActivitiesAsync(cursor, PageLimit, personId, cancellationToken), cancellationToken);

    public Task<Activity> GetActivityAsync(long id, CancellationToken cancellationToken) => One(() => v2.GetActivityAsync(id, cancellationToken), "activity");

    public Task<Activity> CreateActivityAsync(ActivityWrite activity, CancellationToken cancellationToken) => One(() => v2.CreateActivityAsync(activity, cancellationToken), "activity");

    public Task<Activity> UpdateActivityAsync(long id, ActivityWrite activity, CancellationToken cancellationToken) => One(() => v2.UpdateActivityAsync(id, activity, cancellationToken), "activity");

    public Task<DeletedItem> DeleteActivityAsync(long id, CancellationToken cancellationToken) => One(() => v2.DeleteActivityAsync(id, cancellationToken), "deleted activity");

    // Pipelines and stages ------------------------------------------------------------------------

    public Task<IReadOnlyList<Pipeline>> GetPipelinesAsync(CancellationToken cancellationToken) =>
        All(Cursor(cursor => v2.GetPipelinesAsync(cursor, PageLimit, cancellationToken), cancellationToken));

    public Task<Pipeline> CreatePipelineAsync(PipelineWrite pipeline, CancellationToken cancellationToken) => One(() => v2.CreatePipelineAsync(pipeline, cancellationToken), "pipeline");

    public Task<DeletedItem> DeletePipelineAsync(long id, CancellationToken cancellationToken) => One(() => v2.DeletePipelineAsync(id, cancellationToken), "deleted pipeline");

    public Task<IReadOnlyList<Stage>> GetStagesAsync(long pipelineId, CancellationToken cancellationToken) =>
        All(Cursor(cursor => v2.GetStagesAsync(pipelineId, cursor, PageLimit, cancellationToken), cancellationToken));

    public Task<Stage> CreateStageAsync(StageWrite stage, CancellationToken cancellationToken) => One(() => v2.CreateStageAsync(stage, cancellationToken), "stage");

    public Task<DeletedItem> DeleteStageAsync(long id, CancellationToken cancellationToken) => One(() => v2.DeleteStageAsync(id, cancellationToken), "deleted stage");

    // Search --------------------------------------------------------------------------------------

    /// <summary>
    /// The first page (up to 100) of items of the given types (deal, person, organization, product,
    /// lead, file, mail_attachment, project) matching a term: enough to find a record by a unique value.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SearchItemsAsync(string term, IEnumerable<string> itemTypes, bool exactMatch, CancellationToken cancellationToken) =>
        (await Call(() => v2.SearchItemsAsync(term, string.Join(',', itemTypes), null, exactMatch, SearchLimit, null, cancellationToken)).ConfigureAwait(false)).Data?.Items ?? [];

    /// <summary>Values of one field matching a term (<c>match</c>: exact, beginning or middle).</summary>
    public Task<IReadOnlyList<FieldSearchHit>> SearchFieldAsync(string term, string entityType, string fieldKey, string match, CancellationToken cancellationToken) =>
        All(Cursor(cursor => v2.SearchFieldAsync(term, entityType, fieldKey, match, SearchLimit, cursor, cancellationToken), cancellationToken));

    // Fields --------------------------------------------------------------------------------------

    /// <summary>Every field of an entity (<see cref="FieldEntity"/>), built-in and custom.</summary>
    public Task<IReadOnlyList<Field>> GetFieldsAsync(string entity, CancellationToken cancellationToken) =>
        All(Cursor(cursor => fields.GetFieldsAsync(entity, cursor, PageLimit, cancellationToken), cancellationToken));

    public Task<Field> GetFieldAsync(string entity, string fieldCode, CancellationToken cancellationToken) =>
        One(() => fields.GetFieldAsync(entity, fieldCode, cancellationToken), "field");

    public Task<Field> CreateFieldAsync(string entity, NewField field, CancellationToken cancellationToken) =>
        One(() => fields.CreateFieldAsync(entity, field, cancellationToken), "field");

    public Task<Field> RenameFieldAsync(string entity, string fieldCode, string name, CancellationToken cancellationToken) =>
        One(() => fields.RenameFieldAsync(entity, fieldCode, new FieldRename(name), cancellationToken), "field");

    public Task<DeletedField> DeleteFieldAsync(string entity, string fieldCode, CancellationToken cancellationToken) =>
        One(() => fields.DeleteFieldAsync(entity, fieldCode, cancellationToken), "deleted field");

    /// <summary>Adds options (all or none); returns only the new ones, with their ids.</summary>
    public async Task<IReadOnlyList<FieldOption>> AddFieldOptionsAsync(string entity, string fieldCode, IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        (await Call(() => fields.AddFieldOptionsAsync(entity, fieldCode, labels.Select(l => new NewFieldOption(l)).ToList(), cancellationToken)).ConfigureAwait(false)).Data ?? [];

    public async Task<IReadOnlyList<FieldOption>> RenameFieldOptionsAsync(string entity, string fieldCode, IReadOnlyList<FieldOptionRename> options, CancellationToken cancellationToken) =>
        (await Call(() => fields.RenameFieldOptionsAsync(entity, fieldCode, options, cancellationToken)).ConfigureAwait(false)).Data ?? [];

    public async Task<IReadOnlyList<FieldOption>> DeleteFieldOptionsAsync(string entity, string fieldCode, IReadOnlyList<long> optionIds, CancellationToken cancellationToken) =>
        (await Call(() => fields.DeleteFieldOptionsAsync(entity, fieldCode, optionIds.Select(id => new FieldOptionId(id)).ToList(), cancellationToken)).ConfigureAwait(false)).Data ?? [];

    // v1: users, activity types, filters, notes ----------------------------------------------------

    public async Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken) =>
        (await Call(() => v1.GetUsersAsync(cancellationToken)).ConfigureAwait(false)).Data ?? [];

    /// <summary>Users with this email. One <see cref="GetUsersAsync"/> and a local match is cheaper for many lookups.</summary>
    public async Task<IReadOnlyList<User>> FindUsersByEmailAsync(string email, CancellationToken cancellationToken) =>
        (await Call(() => v1.FindUsersAsync(email, 1, cancellationToken)).ConfigureAwait(false)).Data ?? [];

    public async Task<User> GetCurrentUserAsync(CancellationToken cancellationToken) =>
        (await Call(() => v1.GetCurrentUserAsync(cancellationToken)).ConfigureAwait(false)).Data
        ?? throw new PipedriveTransientException(HttpStatusCode.OK, "Pipedrive answered without the current user.");

    public async Task<IReadOnlyList<ActivityType>> GetActivityTypesAsync(CancellationToken cancellationToken) =>
        (await Call(() => v1.GetActivityTypesAsync(cancellationToken)).ConfigureAwait(false)).Data ?? [];

    public async Task<ActivityType> CreateActivityTypeAsync(NewActivityType activityType, CancellationToken cancellationToken) =>
        (await Call(() => v1.CreateActivityTypeAsync(activityType, cancellationToken)).ConfigureAwait(false)).Data
        ?? throw new PipedriveTransientException(HttpStatusCode.OK, "Pipedrive answered without the activity type.");

    public Task DeleteActivityTypeAsync(long id, CancellationToken cancellationToken) => Call(() => v1.DeleteActivityTypeAsync(id, cancellationToken));

    /// <summary>Person fields as v1 lists them (numeric ids, for <see cref="UpdatePersonFieldOptionsAsync"/>).</summary>
    public async Task<IReadOnlyList<V1Field>> GetPersonFieldsV1Async(CancellationToken cancellationToken)
    {
        var all = new List<V1Field>();
        int? start = 0;
        while (start is { } offset)
        {
            var page = await Call(() => v1.GetPersonFieldsAsync(offset, PageLimit, cancellationToken)).ConfigureAwait(false);
            var items = page.Data ?? [];
            all.AddRange(items);
            start = page.AdditionalData is { More: true } more && items.Count > 0 ? more.Pagination?.NextStart ?? offset + items.Count : null;
        }
        return all;
    }

    /// <summary>
    /// Replaces a person field's options (v1 PUT): send every option to keep, existing ones with their id; the
    /// way Pipedrive documents for adding person labels (the v2 options endpoints are not documented for them).
    /// </summary>
    public async Task<V1Field> UpdatePersonFieldOptionsAsync(long fieldId, IReadOnlyList<V1OptionWrite> options, CancellationToken cancellationToken) =>
        (await Call(() => v1.UpdatePersonFieldAsync(fieldId, new V1FieldUpdate(options), cancellationToken)).ConfigureAwait(false)).Data
        ?? throw new PipedriveTransientException(HttpStatusCode.OK, "Pipedrive answered without the person field.");

    public async Task<IReadOnlyList<Filter>> GetFiltersAsync(string? type, CancellationToken cancellationToken) =>
        (await Call(() => v1.GetFiltersAsync(type, cancellationToken)).ConfigureAwait(false)).Data ?? [];

    public async Task<Filter> CreateFilterAsync(NewFilter filter, CancellationToken cancellationToken) =>
        (await Call(() => v1.CreateFilterAsync(filter, cancellationToken)).ConfigureAwait(false)).Data
        ?? throw new PipedriveTransientException(HttpStatusCode.OK, "Pipedrive answered without the filter.");

    public Task DeleteFilterAsync(long id, CancellationToken cancellationToken) => Call(() => v1.DeleteFilterAsync(id, cancellationToken));

    /// <summary>Notes of a person (v1 pages by offset).</summary>
    public async IAsyncEnumerable<Note> GetNotesAsync(long? personId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int? start = 0;
        while (start is { } offset)
        {
            var page = await Call(() => v1.GetNotesAsync(personId, offset, PageLimit, cancellationToken)).ConfigureAwait(false);
            foreach (var note in page.Data ?? [])
                yield return note;
            var pagination = page.AdditionalData?.Pagination;
            start = pagination is { MoreItemsInCollection: true } ? pagination.NextStart : null;
        }
    }

    public async Task<Note> CreateNoteAsync(NewNote note, CancellationToken cancellationToken) =>
        (await Call(() => v1.CreateNoteAsync(note, cancellationToken)).ConfigureAwait(false)).Data
        ?? throw new PipedriveTransientException(HttpStatusCode.OK, "Pipedrive answered without the note.");

    public Task DeleteNoteAsync(long id, CancellationToken cancellationToken) => Call(() => v1.DeleteNoteAsync(id, cancellationToken));

    // Plumbing ------------------------------------------------------------------------------------

    private async IAsyncEnumerable<T> Cursor<T>(Func<string?, Task<PipedriveListResponse<T>>> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await Call(() => page(cursor)).ConfigureAwait(false);
            foreach (var item in current.Data ?? [])
                yield return item;
            cursor = current.AdditionalData?.NextCursor;
        }
        while (cursor is not null);
    }

    private static async Task<IReadOnlyList<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.ConfigureAwait(false))
            list.Add(item);
        return list;
    }

    private async Task<IReadOnlyList<long>> SearchIds(Func<string?, Task<PipedriveResponse<SearchResult>>> page)
    {
        var result = await Call(() => page(null)).ConfigureAwait(false);
        return (result.Data?.Items ?? []).Select(hit => hit.Item.Id).Distinct().ToList();
    }

    private static async Task<T> One<T>(Func<Task<PipedriveResponse<T>>> call, string what) =>
        (await Call(call).ConfigureAwait(false)).Data ?? throw new PipedriveTransientException(HttpStatusCode.OK, $"Pipedrive answered without a {what}.");

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiRequestException e) when (e.InnerException is PipedriveBudgetExhaustedException exhausted)
        {
            // Refit wraps what the handlers throw; the governor's answer is the product's own.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exhausted);
            throw;
        }
        catch (ApiRequestException e) when (e.InnerException is HttpRequestException or TimeoutRejectedException or TaskCanceledException)
        {
            throw new PipedriveTransientException(HttpStatusCode.ServiceUnavailable, $"Pipedrive could not be reached: {e.InnerException.Message}", e);
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
        if (!string.IsNullOrWhiteSpace(e.Content) && e.Content.TrimStart().StartsWith('{'))
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
            // A 403 that is not JSON is the block real accounts get after repeated 429s: a hard stop.
            HttpStatusCode.Forbidden when body is null => new PipedriveAccessException(e.StatusCode,
                "Pipedrive 403 without a JSON body: the API token looks blocked after repeated 429s; stop and check the account.", e),
            HttpStatusCode.Unauthorized or HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden => new PipedriveAccessException(e.StatusCode, message, e),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new PipedriveNotFoundException(message, e),
            HttpStatusCode.TooManyRequests => new PipedriveRateLimitedException(message, e.Headers.RetryAfter?.Delta, e),
            _ => new PipedriveTransientException(e.StatusCode, message, e),
        };
    }
}
