using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// Pipedrive API v1, only where v2 has no equivalent (specs/pipedrive/openapi-v1.yaml): users,
/// activity types, filters and notes; v1 person fields for person label options. v1 pages by offset (<c>start</c>, <c>limit</c> ≤ 500).
/// </summary>
public interface IPipedriveV1Api
{
    [Get("/api/v1/users")]
    Task<PipedriveV1Response<IReadOnlyList<User>>> GetUsersAsync(CancellationToken cancellationToken);

    [Get("/api/v1/users/find")]
    Task<PipedriveV1Response<IReadOnlyList<User>>> FindUsersAsync(string term, [AliasAs("search_by_email")] int searchByEmail, CancellationToken cancellationToken);

    [Get("/api/v1/users/me")]
    Task<PipedriveV1Response<User>> GetCurrentUserAsync(CancellationToken cancellationToken);

    [Get("/api/v1/activityTypes")]
    Task<PipedriveV1Response<IReadOnlyList<ActivityType>>> GetActivityTypesAsync(CancellationToken cancellationToken);

    [Post("/api/v1/activityTypes")]
    Task<PipedriveV1Response<ActivityType>> CreateActivityTypeAsync([Body] NewActivityType activityType, CancellationToken cancellationToken);

    /// <summary>Deactivates the type; answers with it.</summary>
    [Delete("/api/v1/activityTypes/{id}")]
    Task<PipedriveV1Response<ActivityType>> DeleteActivityTypeAsync(long id, CancellationToken cancellationToken);

    /// <summary>Person fields as v1 shows them, with the numeric ids v1's PUT needs (offset paging).</summary>
    [Get("/api/v1/personFields")]
    Task<V1FieldsResponse> GetPersonFieldsAsync(int start, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Updates a person field. For enum/set fields and the built-in label field every active option must be sent:
    /// existing ones with their id, new ones with a label only (LBL: the documented way to add person labels).
    /// </summary>
    [Put("/api/v1/personFields/{id}")]
    Task<PipedriveV1Response<V1Field>> UpdatePersonFieldAsync(long id, [Body] V1FieldUpdate update, CancellationToken cancellationToken);

    [Get("/api/v1/filters")]
    Task<PipedriveV1Response<IReadOnlyList<Filter>>> GetFiltersAsync([AliasAs("type")] string? type, CancellationToken cancellationToken);

    [Post("/api/v1/filters")]
    Task<PipedriveV1Response<Filter>> CreateFilterAsync([Body] NewFilter filter, CancellationToken cancellationToken);

    [Delete("/api/v1/filters/{id}")]
    Task<PipedriveV1Response<DeletedItem>> DeleteFilterAsync(long id, CancellationToken cancellationToken);

    [Get("/api/v1/notes")]
    Task<PipedriveV1Response<IReadOnlyList<Note>>> GetNotesAsync([AliasAs("person_id")] long? personId, int start, int limit, CancellationToken cancellationToken);

    [Post("/api/v1/notes")]
    Task<PipedriveV1Response<Note>> CreateNoteAsync([Body] NewNote note, CancellationToken cancellationToken);

    /// <summary>Answers <c>data: true</c>, not the id (openapi-v1.yaml deleteNote).</summary>
    [Delete("/api/v1/notes/{id}")]
    Task<PipedriveV1Response<bool>> DeleteNoteAsync(long id, CancellationToken cancellationToken);
}
