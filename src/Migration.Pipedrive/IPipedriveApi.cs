using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// Pipedrive API v2 operations the migration uses (specs/pipedrive/openapi-v2.yaml). Paths are
/// relative to the company domain (<c>https://{company}.pipedrive.com</c>). Token costs per call are in
/// the comments because they decide which call a writer makes.
/// </summary>
public interface IPipedriveApi
{
    /// <summary>10 tokens.</summary>
    [Get("/api/v2/personFields")]
    Task<PipedriveListResponse<PersonField>> GetPersonFieldsAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>5 tokens.</summary>
    [Post("/api/v2/personFields")]
    Task<PipedriveResponse<PersonField>> CreatePersonFieldAsync([Body] NewPersonField field, CancellationToken cancellationToken);

    /// <summary>5 tokens.</summary>
    [Post("/api/v2/persons")]
    Task<PipedriveResponse<Person>> CreatePersonAsync([Body] PersonWrite person, CancellationToken cancellationToken);

    /// <summary>1 token.</summary>
    [Get("/api/v2/persons/{id}")]
    Task<PipedriveResponse<Person>> GetPersonAsync(long id, CancellationToken cancellationToken);

    /// <summary>10 tokens; page at 500 since the cost is per request.</summary>
    [Get("/api/v2/persons")]
    Task<PipedriveListResponse<Person>> GetPersonsAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>20 tokens, and its own burst limit of 10 per 2 s: used only to recover an open intent.</summary>
    [Get("/api/v2/persons/search")]
    Task<PipedriveResponse<PersonSearchResult>> SearchPersonsAsync(
        string term, string fields, [AliasAs("exact_match")] bool exactMatch, int limit, CancellationToken cancellationToken);
}
