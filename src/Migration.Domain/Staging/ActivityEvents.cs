using System.Globalization;

namespace Migration.Domain.Staging;

/// <summary>
/// One event the approved map makes an activity, staged for the activities load: the person it belongs to
/// (survivor id and staged batch), the activity type's name, and a source id stable across reruns
/// (<see cref="ActivityEvents.SourceIdOf"/>) that the ledger and the marker on the Pipedrive activity carry.
/// </summary>
public sealed record StagedActivityEvent(
    int PersonBatch, string PersonExtId, string SourceId, string ActivityType, string Name, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// The activity batches: routing merges person-batch ranges in parallel, so each range writes its own chunks
/// (<see cref="BlobName"/>) and a small table (<see cref="TablePath"/>: chunks per range) numbers them 0..K-1 for the load phase.
/// </summary>
public sealed record ActivityEvents(IReadOnlyList<int> ChunksPerRange)
{
    /// <summary>Events per activity batch: a batch of 100 creates finishes well inside the activity time limit at the burst rate.</summary>
    public const int BatchSize = 100;

    public const string TablePath = "staged/activities/batches.json";

    public int BatchCount => ChunksPerRange.Sum();

    public static string BlobName(int range, int chunk) =>
        $"staged/{StagedBatch.Activities}/{range.ToString("D6", CultureInfo.InvariantCulture)}-{chunk.ToString("D6", CultureInfo.InvariantCulture)}.ndjson.gz";

    /// <summary>The blob of activity batch <paramref name="batch"/> (0..<see cref="BatchCount"/>-1).</summary>
    public string BlobOf(int batch)
    {
        var first = 0;
        for (var range = 0; range < ChunksPerRange.Count; range++)
        {
            if (batch < first + ChunksPerRange[range])
                return BlobName(range, batch - first);
            first += ChunksPerRange[range];
        }
        throw new ArgumentOutOfRangeException(nameof(batch), batch, $"There are {first} activity batches.");
    }

    /// <summary>
    /// "{extId}|{name}|{UTC time to the millisecond}|{ordinal}": the event's own id (not its survivor's, so merged users'
    /// events stay distinct), the ordinal counting identical events before it in file order.
    /// </summary>
    public static string SourceIdOf(string extId, string name, DateTimeOffset timestamp, int ordinal) =>
        string.Create(CultureInfo.InvariantCulture, $"{extId}|{name}|{timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}|{ordinal}");
}
