using System.Runtime.ExceptionServices;
using Migration.Domain.Ledger;

namespace Migration.Pipedrive;

/// <summary>
/// Sends a batch's creates a round at a time: <see cref="RoundSize"/> records with up to <see cref="Width"/> requests
/// in flight. One ledger transaction carries a round's final rows and the next round's intents. One request at a
/// time leaves most of the burst allowance unused against a real server's latency, and a row per record makes the
/// ledger the bottleneck when the server is fast. Exactly once still holds (DESIGN §4.1): a record's intent row is
/// written before its request, so a process that dies mid-round leaves open intents, which the next attempt
/// resolves by looking for the record before creating anything; records of later rounds have no row and are
/// simply created.
/// </summary>
internal static class CreateRounds
{
    /// <summary>Requests in flight per batch; the governor still paces them to the allowance.</summary>
    public const int Width = 8;

    /// <summary>
    /// Records per round. Larger rounds spend fewer storage requests (Azurite serves about 200 a second on one
    /// core); a crash leaves at most this many open intents, each resolved by one search.
    /// </summary>
    public const int RoundSize = 50;

    /// <summary>
    /// Creates <paramref name="items"/> round by round. When the budget stops a round, the rows its records settled
    /// are written, and the intents of records whose request never left are removed, before the exception goes on:
    /// a budget pause then costs no recovery searches when the batch resumes.
    /// </summary>
    /// <param name="create">Creates one record and returns its final row; throws <see cref="NeverSentException"/>
    /// when the budget refused its first request, so nothing can have been written.</param>
    /// <param name="settled">Final rows the caller decided without a request (records refused before sending): written in
    /// the first round's transaction instead of one of their own.</param>
    /// <returns>Every final row written: <paramref name="settled"/> and each record's outcome.</returns>
    public static async Task<IReadOnlyList<LedgerEntry>> RunAsync<T>(
        IIdLedger ledger, LedgerBatch batch, IReadOnlyList<T> items, Func<T, LedgerEntry> intentOf,
        Func<T, Task<LedgerEntry>> create, CancellationToken cancellationToken, IReadOnlyList<LedgerEntry>? settled = null)
    {
        var written = new List<LedgerEntry>(settled ?? []);
        var rounds = items.Chunk(RoundSize).ToList();
        if (rounds.Count == 0)
        {
            if (written.Count > 0)
                await ledger.RecordManyAsync(batch, written, cancellationToken).ConfigureAwait(false);
            return written;
        }
        await ledger.RecordManyAsync(batch, [.. written, .. rounds[0].Select(intentOf)], cancellationToken).ConfigureAwait(false);
        for (var r = 0; r < rounds.Count; r++)
        {
            using var inFlight = new SemaphoreSlim(Width);
            var creates = rounds[r].Select(async item =>
            {
                await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await create(item).ConfigureAwait(false);
                }
                finally
                {
                    inFlight.Release();
                }
            }).ToList();
            try
            {
                await Task.WhenAll(creates).ConfigureAwait(false);
            }
            catch
            {
                await SettleStoppedRoundAsync(ledger, batch, rounds[r], creates, intentOf).ConfigureAwait(false);
                var first = creates.First(t => t.IsFaulted || t.IsCanceled);
                if (first.IsFaulted && first.Exception!.InnerException is NeverSentException { InnerException: { } refused })
                    ExceptionDispatchInfo.Capture(refused).Throw();
                throw;
            }
            var rows = creates.Select(t => t.Result).ToList();
            written.AddRange(rows);
            if (r + 1 < rounds.Count)
                rows.AddRange(rounds[r + 1].Select(intentOf));
            await ledger.RecordManyAsync(batch, rows, cancellationToken).ConfigureAwait(false);
        }
        return written;
    }

    /// <summary>
    /// Awaits one create made outside a round (an open intent the search did not find): a budget refusal surfaces
    /// as itself, and the intent stays, to be searched for again.
    /// </summary>
    public static async Task<LedgerEntry> OneAsync(Task<LedgerEntry> create)
    {
        try
        {
            return await create.ConfigureAwait(false);
        }
        catch (NeverSentException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
            throw;
        }
    }

    private static async Task SettleStoppedRoundAsync<T>(
        IIdLedger ledger, LedgerBatch batch, T[] round, List<Task<LedgerEntry>> creates, Func<T, LedgerEntry> intentOf)
    {
        var settled = creates.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
        if (settled.Count > 0)
            await ledger.RecordManyAsync(batch, settled, CancellationToken.None).ConfigureAwait(false);
        var neverSent = round.Zip(creates)
            .Where(p => p.Second.IsFaulted && p.Second.Exception!.InnerException is NeverSentException)
            .Select(p => intentOf(p.First).SourceId)
            .ToList();
        if (neverSent.Count > 0)
            await ledger.ForgetIntentsAsync(batch, neverSent, CancellationToken.None).ConfigureAwait(false);
    }
}

/// <summary>
/// The budget refused a record's first create before anything left (or only 429s came back, which Pipedrive does
/// not act on), so the record cannot exist; carries the refusal.
/// </summary>
internal sealed class NeverSentException(PipedriveBudgetExhaustedException refused)
    : Exception(refused.Message, refused);
