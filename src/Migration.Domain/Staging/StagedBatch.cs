namespace Migration.Domain.Staging;

/// <summary>
/// Names of staged batches. Batches are numbered in extraction order, so a phase can name batch
/// <c>n</c> without a list of names travelling through orchestration history.
/// </summary>
public static class StagedBatch
{
    public const string Persons = "persons";

    /// <summary>Per-person rows of the export files, routed to the person batch (same number): see <see cref="Source.PersonExtras"/>.</summary>
    public const string PersonExtras = "person-extras";

    /// <summary>Organizations to create, 100 per batch in key order; <c>staged/organizations/index.json</c> finds a key's batch.</summary>
    public const string Organizations = "organizations";

    /// <summary>
    /// Events the map makes activities, at most <see cref="ActivityEvents.BatchSize"/> per blob, named by person-batch range
    /// and chunk (<see cref="ActivityEvents.BlobName"/>); <see cref="ActivityEvents.TablePath"/> numbers them 0..K-1.
    /// </summary>
    public const string Activities = "activities";

    /// <summary>Blob path below the run's prefix, e.g. <c>staged/persons/000042.ndjson.gz</c>.</summary>
    public static string Name(string objectType, int number) =>
        $"staged/{objectType}/{number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}.ndjson.gz";
}
