using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// Pipedrive API v2 (specs/pipedrive/openapi-v2.yaml), relative to the company domain. Each call's
/// token cost is in <see cref="TokenCosts"/>; lists are paged at 500 because cost is per request.
/// </summary>
public interface IPipedriveV2Api
{
    // Persons
    [Get("/api/v2/persons")]
    Task<PipedriveListResponse<Person>> GetPersonsAsync(string? cursor, int limit, [AliasAs("updated_since")] string? updatedSince, CancellationToken cancellationToken);

    /// <summary>Up to 100 persons by id; deleted or unknown ids are left out of the answer.</summary>
    [Get("/api/v2/persons")]
    Task<PipedriveListResponse<Person>> GetPersonsByIdsAsync(string ids, string? cursor, int limit, CancellationToken cancellationToken);

    [Get("/api/v2/persons/{id}")]
    Task<PipedriveResponse<Person>> GetPersonAsync(long id, CancellationToken cancellationToken);

    [Post("/api/v2/persons")]
    Task<PipedriveResponse<Person>> CreatePersonAsync([Body] PersonWrite person, CancellationToken cancellationToken);

    [Patch("/api/v2/persons/{id}")]
    Task<PipedriveResponse<Person>> UpdatePersonAsync(long id, [Body] PersonWrite person, CancellationToken cancellationToken);

    [Delete("/api/v2/persons/{id}")]
    Task<PipedriveResponse<DeletedItem>> DeletePersonAsync(long id, CancellationToken cancellationToken);

    [Get("/api/v2/persons/search")]
    Task<PipedriveResponse<SearchResult>> SearchPersonsAsync(
        string term, string? fields, [AliasAs("exact_match")] bool exactMatch, int limit, string? cursor, CancellationToken cancellationToken);

    // Organizations
    [Get("/api/v2/organizations")]
    Task<PipedriveListResponse<Organization>> GetOrganizationsAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>Up to 100 organizations by id; deleted or unknown ids are left out of the answer.</summary>
    [Get("/api/v2/organizations")]
    Task<PipedriveListResponse<Organization>> GetOrganizationsByIdsAsync(string ids, string? cursor, int limit, CancellationToken cancellationToken);

    [Get("/api/v2/organizations/{id}")]
    Task<PipedriveResponse<Organization>> GetOrganizationAsync(long id, CancellationToken cancellationToken);

    [Post("/api/v2/organizations")]
    Task<PipedriveResponse<Organization>> CreateOrganizationAsync([Body] OrganizationWrite organization, CancellationToken cancellationToken);

    [Patch("/api/v2/organizations/{id}")]
    Task<PipedriveResponse<Organization>> UpdateOrganizationAsync(long id, [Body] OrganizationWrite organization, CancellationToken cancellationToken);

    [Delete("/api/v2/organizations/{id}")]
    Task<PipedriveResponse<DeletedItem>> DeleteOrganizationAsync(long id, CancellationToken cancellationToken);

    [Get("/api/v2/organizations/search")]
    Task<PipedriveResponse<SearchResult>> SearchOrganizationsAsync(
        string term, string? fields, [AliasAs("exact_match")] bool exactMatch, int limit, string? cursor, CancellationToken cancellationToken);

    // Deals
    [Get("/api/v2/deals")]
    Task<PipedriveListResponse<Deal>> GetDealsAsync(string? cursor, int limit, [AliasAs("pipeline_id")] long? pipelineId, CancellationToken cancellationToken);

    /// <summary>Up to 100 deals by id; deleted or unknown ids are left out of the answer.</summary>
    [Get("/api/v2/deals")]
    Task<PipedriveListResponse<Deal>> GetDealsByIdsAsync(string ids, string? cursor, int limit, CancellationToken cancellationToken);

    [Get("/api/v2/deals/{id}")]
    Task<PipedriveResponse<Deal>> GetDealAsync(long id, CancellationToken cancellationToken);

    [Post("/api/v2/deals")]
    Task<PipedriveResponse<Deal>> CreateDealAsync([Body] DealWrite deal, CancellationToken cancellationToken);

    [Patch("/api/v2/deals/{id}")]
    Task<PipedriveResponse<Deal>> UpdateDealAsync(long id, [Body] DealWrite deal, CancellationToken cancellationToken);

    [Delete("/api/v2/deals/{id}")]
    Task<PipedriveResponse<DeletedItem>> DeleteDealAsync(long id, CancellationToken cancellationToken);

    [Get("/api/v2/deals/search")]
    Task<PipedriveResponse<SearchResult>> SearchDealsAsync(
        string term, string? fields, [AliasAs("exact_match")] bool exactMatch, int limit, string? cursor, CancellationToken cancellationToken);

    // Activities
    [Get("/api/v2/activities")]
    Task<PipedriveListResponse<Activity>> GetActivitiesAsync(string? cursor, int limit, [AliasAs("person_id")] long? personId, CancellationToken cancellationToken);

    /// <summary>Up to 100 activities by id; deleted or unknown ids are left out of the answer.</summary>
    [Get("/api/v2/activities")]
    Task<PipedriveListResponse<Activity>> GetActivitiesByIdsAsync(string ids, string? cursor, int limit, CancellationToken cancellationToken);

    [Get("/api/v2/activities/{id}")]
    Task<PipedriveResponse<Activity>> GetActivityAsync(long id, CancellationToken cancellationToken);

    [Post("/api/v2/activities")]
    Task<PipedriveResponse<Activity>> CreateActivityAsync([Body] ActivityWrite activity, CancellationToken cancellationToken);

    [Patch("/api/v2/activities/{id}")]
    Task<PipedriveResponse<Activity>> UpdateActivityAsync(long id, [Body] ActivityWrite activity, CancellationToken cancellationToken);

    [Delete("/api/v2/activities/{id}")]
    Task<PipedriveResponse<DeletedItem>> DeleteActivityAsync(long id, CancellationToken cancellationToken);

    // Pipelines and stages
    [Get("/api/v2/pipelines")]
    Task<PipedriveListResponse<Pipeline>> GetPipelinesAsync(string? cursor, int limit, CancellationToken cancellationToken);

    [Post("/api/v2/pipelines")]
    Task<PipedriveResponse<Pipeline>> CreatePipelineAsync([Body] PipelineWrite pipeline, CancellationToken cancellationToken);

    [Delete("/api/v2/pipelines/{id}")]
    Task<PipedriveResponse<DeletedItem>> DeletePipelineAsync(long id, CancellationToken cancellationToken);

    [Get("/api/v2/stages")]
    Task<PipedriveListResponse<Stage>> GetStagesAsync([AliasAs("pipeline_id")] long? pipelineId, string? cursor, int limit, CancellationToken cancellationToken);

    [Post("/api/v2/stages")]
    Task<PipedriveResponse<Stage>> CreateStageAsync([Body] StageWrite stage, CancellationToken cancellationToken);

    [Delete("/api/v2/stages/{id}")]
    Task<PipedriveResponse<DeletedItem>> DeleteStageAsync(long id, CancellationToken cancellationToken);

    // Search across items and within a field
    [Get("/api/v2/itemSearch")]
    Task<PipedriveResponse<SearchResult>> SearchItemsAsync(
        string term, [AliasAs("item_types")] string? itemTypes, string? fields, [AliasAs("exact_match")] bool exactMatch, int limit, string? cursor,
        CancellationToken cancellationToken);

    [Get("/api/v2/itemSearch/field")]
    Task<PipedriveListResponse<FieldSearchHit>> SearchFieldAsync(
        string term, [AliasAs("entity_type")] string entityType, string field, string match, int limit, string? cursor, CancellationToken cancellationToken);
}
