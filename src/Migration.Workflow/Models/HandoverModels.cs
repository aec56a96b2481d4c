namespace Migration.Workflow.Models;

/// <summary>
/// The handover step's input: the run, its person batches (for the lists over every user), the import folder's files
/// (to name an inventory's source) and what the segment report counted (null when it was not written).
/// </summary>
public sealed record HandoverInput(string RunId, int PersonBatchCount, IReadOnlyList<ImportFile> Files)
{
    /// <summary>Person batches one part activity reads (two reads each: the batch and its ledger partition).</summary>
    public int BatchesPerPart { get; init; } = 50;

    public int MaxParallelParts { get; init; } = 4;

    public SegmentReportResult? Segments { get; init; }

    public int Parts => PersonBatchCount <= 0 ? 0 : (PersonBatchCount + Math.Max(1, BatchesPerPart) - 1) / Math.Max(1, BatchesPerPart);
}

/// <summary>One part of the lists over every user: person batches [FirstBatch, FirstBatch + BatchCount).</summary>
public sealed record HandoverPartInput(string RunId, int Part, int FirstBatch, int BatchCount);

/// <summary>What a part listed: users read, and the tallies of its users without email and of its devices with a push token.</summary>
public sealed record HandoverPartResult(int Part, long Users, IReadOnlyDictionary<string, long> WithoutEmail, IReadOnlyDictionary<string, long> PushTokens);

public sealed record WriteHandoverInput(HandoverInput Handover, IReadOnlyList<HandoverPartResult> Parts);

/// <summary>What the handover wrote: each artifact's count by its key, and the inventories the operator did not provide.</summary>
public sealed record HandoverResult(IReadOnlyDictionary<string, long> Counts, IReadOnlyList<string> NotProvided);
