using Migration.Domain.Budget;

namespace Migration.Domain.Rollback;

/// <summary>
/// What undoing costs in Pipedrive tokens (token-costs.tsv, 2026-08-18): records are looked at 100 per list
/// request (v2 <c>GET /{records}?ids=</c>, 10 tokens) and each deleted (v2 DELETE, 3) or restored (v2 PATCH, 5);
/// filters are listed once per batch (v1, 20) and deleted one by one (v1, 6).
/// </summary>
public static class RollbackCost
{
    public const int ListPage = BatchCost.ListPage;
    public const int IdsPerList = 100;
    public const int Delete = 3;
    public const int Restore = 5;
    public const int FilterList = 20;
    public const int FilterDelete = 6;

    // Schema objects: v2 field and option deletes, v1 person fields read and PUT for labels, v1 activity type delete,
    // v2 stage and pipeline deletes.
    public const int FieldDelete = 3;
    public const int OptionsDelete = 3;
    public const int LabelsRead = 20;
    public const int LabelsWrite = 10;
    public const int ActivityTypeDelete = 6;
    public const int StageDelete = 3;
    public const int PipelineDelete = 3;

    /// <summary>Undoing one batch of <paramref name="deletes"/> deletions and <paramref name="restores"/> restores of one object type.</summary>
    public static long Batch(string objectType, int deletes, int restores)
    {
        var records = deletes + restores;
        if (records == 0)
            return 0;
        if (objectType == "filter")
            return FilterList + (long)deletes * FilterDelete;
        return (long)(records + IdsPerList - 1) / IdsPerList * ListPage + (long)deletes * Delete + (long)restores * Restore;
    }

    /// <summary>
    /// The budget share of one batch: expected, every record deleted; at worst, every record restored. A batch larger
    /// than <paramref name="recordsPerBatch"/> (touchpoints of a whole person batch) stops when its allowance is spent
    /// and goes on in the next, since what it did is in the rollback ledger.
    /// </summary>
    public static BatchCost PerBatch(string objectType, int recordsPerBatch) => objectType == "filter"
        ? new(Batch(objectType, recordsPerBatch, 0), Batch(objectType, recordsPerBatch, 0))
        : new(Batch(objectType, recordsPerBatch, 0), Batch(objectType, 0, recordsPerBatch));
}
