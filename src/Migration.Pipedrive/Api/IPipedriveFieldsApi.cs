using Refit;

namespace Migration.Pipedrive;

/// <summary>
/// Field definitions, v2: <c>/api/v2/{entity}Fields</c> for person, organization and deal (read and
/// write, with options), activity (read only). <c>{entity}</c> is one of <see cref="FieldEntity"/>.
/// </summary>
public interface IPipedriveFieldsApi
{
    [Get("/api/v2/{entity}Fields")]
    Task<PipedriveListResponse<Field>> GetFieldsAsync(string entity, string? cursor, int limit, CancellationToken cancellationToken);

    [Get("/api/v2/{entity}Fields/{fieldCode}")]
    Task<PipedriveResponse<Field>> GetFieldAsync(string entity, string fieldCode, CancellationToken cancellationToken);

    [Post("/api/v2/{entity}Fields")]
    Task<PipedriveResponse<Field>> CreateFieldAsync(string entity, [Body] NewField field, CancellationToken cancellationToken);

    [Patch("/api/v2/{entity}Fields/{fieldCode}")]
    Task<PipedriveResponse<Field>> RenameFieldAsync(string entity, string fieldCode, [Body] FieldRename rename, CancellationToken cancellationToken);

    [Delete("/api/v2/{entity}Fields/{fieldCode}")]
    Task<PipedriveResponse<DeletedField>> DeleteFieldAsync(string entity, string fieldCode, CancellationToken cancellationToken);

    /// <summary>Atomic: all options are added or none; only the new options come back.</summary>
    [Post("/api/v2/{entity}Fields/{fieldCode}/options")]
    Task<PipedriveListResponse<FieldOption>> AddFieldOptionsAsync(string entity, string fieldCode, [Body] IReadOnlyList<NewFieldOption> options, CancellationToken cancellationToken);

    [Patch("/api/v2/{entity}Fields/{fieldCode}/options")]
    Task<PipedriveListResponse<FieldOption>> RenameFieldOptionsAsync(string entity, string fieldCode, [Body] IReadOnlyList<FieldOptionRename> options, CancellationToken cancellationToken);

    [Delete("/api/v2/{entity}Fields/{fieldCode}/options")]
    Task<PipedriveListResponse<FieldOption>> DeleteFieldOptionsAsync(string entity, string fieldCode, [Body] IReadOnlyList<FieldOptionId> options, CancellationToken cancellationToken);
}

/// <summary>Entities with field definitions, as they appear in the field paths.</summary>
public static class FieldEntity
{
    public const string Person = "person";
    public const string Organization = "organization";
    public const string Deal = "deal";

    /// <summary>Read only in v2.</summary>
    public const string Activity = "activity";

    public static IReadOnlyList<string> Writable { get; } = [Person, Organization, Deal];
}
