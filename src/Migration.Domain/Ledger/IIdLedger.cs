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
}
