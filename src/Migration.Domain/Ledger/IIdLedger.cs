namespace Migration.Domain.Ledger;

/// <summary>
/// The id ledger as the writers see it. Implemented over Table storage; declared here so writers in
/// the Pipedrive part depend on the rule, not on storage.
/// </summary>
public interface IIdLedger
{
    /// <summary>Every row of a batch, keyed by source id.</summary>
    Task<IReadOnlyDictionary<string, LedgerEntry>> ReadBatchAsync(LedgerBatch batch, CancellationToken cancellationToken);

    /// <summary>Records intents for many records at once (one transaction per batch of up to 100).</summary>
    Task RecordIntentsAsync(LedgerBatch batch, IReadOnlyCollection<LedgerEntry> intents, CancellationToken cancellationToken);

    /// <summary>Replaces a row with its final state.</summary>
    Task RecordAsync(LedgerBatch batch, LedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the intent rows of records whose request never left (the budget stopped them first), so the next
    /// attempt creates them without searching for a write that cannot have happened.
    /// </summary>
    Task ForgetIntentsAsync(LedgerBatch batch, IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken);

    /// <summary>Writes many rows (final states, intents); a store that can do it in one transaction per 100 should.</summary>
    async Task RecordManyAsync(LedgerBatch batch, IReadOnlyCollection<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
            await RecordAsync(batch, entry, cancellationToken).ConfigureAwait(false);
    }
}
