namespace Migration.Domain.Reconciliation;

/// <summary>
/// A finished unit of a phase (an extracted page, a loaded batch) with its counts. Checkpoints feed
/// live status and the reconciliation report; writing one twice with the same key is harmless.
/// </summary>
public sealed record BatchCheckpoint(string Phase, string Unit, PhaseCounts Counts);
