using System.Globalization;
using System.Text.Json.Serialization;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Runs;

namespace Migration.Domain.Segments;

/// <summary>A segment as Netmera's <c>getSegments</c> lists it (no rule: REST does not return one).</summary>
public sealed record SourceSegment(long Id, string? Name, long? UserCount, string? Type);

/// <summary>
/// What the run knows about Netmera's segments (<c>staged/segments.json</c>): every listed segment, whether
/// its members move (and so become a filter), how many were read, and what is lost. Written when the
/// segments are listed, updated as each one's members are read; the mapping proposal and the filters
/// phase read it. Names, counts and reasons only, never members.
/// </summary>
public sealed record StagedSegments(IReadOnlyList<StagedSegment> Segments)
{
    public const string Path = "staged/segments.json";

    /// <summary>Netmera's type for segments fed by an external connector: their users cannot be listed.</summary>
    public const string ConnectorType = "CONNECTORS_SEGMENT";

    public const string StandardType = "STANDARD";

    /// <summary>Filters written per load batch: one batch's ledger rows stay one table transaction.</summary>
    public const int FiltersPerBatch = 100;

    /// <summary>Segments whose members were read, in Netmera's order: each becomes one filter.</summary>
    [JsonIgnore]
    public IReadOnlyList<StagedSegment> Moved => Segments.Where(s => s.Moves).ToList();

    [JsonIgnore]
    public int FilterBatchCount => (Moved.Count + FiltersPerBatch - 1) / FiltersPerBatch;

    /// <summary>The moved segments of filter batch <paramref name="batch"/> (numbered from 0).</summary>
    public IReadOnlyList<StagedSegment> FilterBatch(int batch) => Moved.Skip(batch * FiltersPerBatch).Take(FiltersPerBatch).ToList();

    public StagedSegment? Find(long id) => Segments.FirstOrDefault(s => s.Id == id);

    /// <summary>The same list with one segment replaced (matched by id).</summary>
    public StagedSegments With(StagedSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new StagedSegments(Segments.Select(s => s.Id == segment.Id ? segment : s).ToList());
    }

    /// <summary>
    /// Decides, per listed segment, whether its members move: not the run's full population (everyone is in
    /// it), only selected ones, never a connector segment (Netmera cannot list it). Ids the selection names
    /// that Netmera does not list are kept as rows that say so.
    /// </summary>
    public static StagedSegments Classify(IReadOnlyList<SourceSegment> listed, long? fullPopulationId, SegmentSelection selection)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(selection);
        var segments = new List<StagedSegment>(listed.Count);
        foreach (var source in listed.DistinctBy(s => s.Id))
        {
            var name = string.IsNullOrWhiteSpace(source.Name) ? $"Segment {source.Id.ToString(CultureInfo.InvariantCulture)}" : source.Name.Trim();
            var segment = new StagedSegment(source.Id, name, source.Type, source.UserCount);
            if (source.Id == fullPopulationId)
                segment = segment with { SkipReason = "the run's full population: every migrated person is a member, so a filter would list everyone" };
            else if (!selection.Includes(source.Id))
                segment = segment with { SkipReason = "not selected by the run's segments option" };
            else if (string.Equals(source.Type, ConnectorType, StringComparison.OrdinalIgnoreCase))
                segment = segment with { Lossy = "connector segment: Netmera cannot list its users through REST (getSegmentUsers answers 2001); rebuild it from the connector's source" };
            else
                segment = segment with { Moves = true, Lossy = TypeLoss(source.Type) };
            segments.Add(segment);
        }

        var listedIds = segments.Select(s => s.Id).ToHashSet();
        foreach (var id in selection.Ids ?? [])
        {
            if (!listedIds.Contains(id))
            {
                segments.Add(new StagedSegment(id, $"Segment {id.ToString(CultureInfo.InvariantCulture)}", null, null)
                {
                    SkipReason = "selected, but not listed by getSegments (not active, still calculating, or deleted)",
                });
            }
        }
        return new StagedSegments(segments);
    }

    /// <summary>What a segment kind other than a standard one loses beyond its rule.</summary>
    private static string? TypeLoss(string? type) =>
        type is null || string.Equals(type, StandardType, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{type} segment: its members come from Netmera's own data (predictions, products) that Pipedrive does not have, so only the membership at extraction moves";
}

/// <summary>
/// One segment of <see cref="StagedSegments"/>. <see cref="Moves"/>: its members were (or are being) read
/// and it becomes a filter; otherwise <see cref="SkipReason"/> or <see cref="Lossy"/> says why not.
/// <see cref="Lossy"/> names what does not move faithfully even when the membership does.
/// </summary>
public sealed record StagedSegment(long Id, string Name, string? Type, long? UserCount)
{
    public bool Moves { get; init; }

    /// <summary>Members listed with an external id and staged for routing to persons.</summary>
    public long MembersRead { get; init; }

    /// <summary>Members listed without an external id: they cannot be matched to a person.</summary>
    public long MembersWithoutId { get; init; }

    /// <summary>True once every page of its members has been read.</summary>
    public bool Read { get; init; }

    public string? SkipReason { get; init; }

    public string? Lossy { get; init; }

    /// <summary>The option of the "Netmera segments" field this segment's members carry.</summary>
    [JsonIgnore]
    public string Option => SourceItems.SegmentOption(Name);
}

/// <summary>How a moved segment's Pipedrive filter is named.</summary>
public static class SegmentFilterNames
{
    public const string Prefix = "Netmera segment: ";

    /// <summary>
    /// "Netmera segment: {name}", at most 255 characters. When another moved segment carries the same
    /// option (names equal ignoring case), the id is added, so each filter's name is unique: an open
    /// ledger intent is resolved by finding the filter by its exact name.
    /// </summary>
    public static string Of(StagedSegment segment, IReadOnlyList<StagedSegment> moved)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(moved);
        var shared = moved.Count(s => string.Equals(s.Option, segment.Option, StringComparison.OrdinalIgnoreCase)) > 1;
        var suffix = shared ? $" ({segment.Id.ToString(CultureInfo.InvariantCulture)})" : "";
        return PersonMapping.Truncate(Prefix + segment.Name, Transforms.VarcharLimit - suffix.Length) + suffix;
    }
}
