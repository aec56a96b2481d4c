using System.Globalization;
using System.Text;

namespace Migration.Domain.Rollback;

/// <summary>Counts of one object type's rollback outcomes.</summary>
public sealed record RollbackTally(string ObjectType, long Deleted, long AlreadyGone, long Restored, long KeptEdited, long Kept, long Failed)
{
    public long Remaining => KeptEdited + Kept + Failed;

    public static IReadOnlyList<RollbackTally> Of(IEnumerable<RollbackEntry> entries) =>
        entries.GroupBy(e => e.ObjectType, StringComparer.Ordinal)
            .OrderBy(g => Order(g.Key))
            .Select(g => new RollbackTally(g.Key,
                g.LongCount(e => e.Outcome == RollbackOutcome.Deleted),
                g.LongCount(e => e.Outcome == RollbackOutcome.AlreadyGone),
                g.LongCount(e => e.Outcome == RollbackOutcome.Restored),
                g.LongCount(e => e.Outcome == RollbackOutcome.KeptEdited),
                g.LongCount(e => e.Outcome == RollbackOutcome.Kept),
                g.LongCount(e => e.Outcome == RollbackOutcome.Failed)))
            .ToList();

    private static int Order(string objectType)
    {
        var index = RollbackScope.Steps.ToList().FindIndex(s => s.ObjectType == objectType);
        return index < 0 ? int.MaxValue : index;
    }
}

/// <summary>
/// The rollback report: <c>rollback.md</c> for a person (per object type: deleted, already gone, restored, kept because
/// edited, kept for another reason, failed; then every object that remains, with why) and <c>rollback.csv</c> with one
/// row per object the rollback looked at. Ids and reasons only, never record values.
/// </summary>
public static class RollbackReport
{
    public const string CsvHeader = "object_type,source_id,pipedrive_id,outcome,detail";

    public static string Csv(IEnumerable<RollbackEntry> entries)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var e in Sorted(entries))
        {
            csv.Append(Cell(e.ObjectType)).Append(',').Append(Cell(e.SourceId)).Append(',')
                .Append(e.TargetId?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Name(e.Outcome)).Append(',').Append(Cell(e.Detail ?? "")).Append('\n');
        }
        return csv.ToString();
    }

    public static string Markdown(string runId, DateTimeOffset at, bool force, IReadOnlyList<string> phases, IReadOnlyList<RollbackEntry> entries)
    {
        var md = new StringBuilder();
        md.Append("# Rollback of run ").Append(runId).Append("\n\n");
        md.Append("Written ").Append(at.ToString("u", CultureInfo.InvariantCulture)).Append("; scope: ")
            .Append(phases.Count == 0 ? "the whole run" : string.Join(", ", phases))
            .Append(force ? "; forced (records edited after the run were deleted too)" : "; not forced (records edited after the run are kept)").Append(".\n\n");
        md.Append("| object | deleted | already gone | restored | kept (edited) | kept (other) | failed |\n");
        md.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var t in RollbackTally.Of(entries))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {t.ObjectType} | {t.Deleted} | {t.AlreadyGone} | {t.Restored} | {t.KeptEdited} | {t.Kept} | {t.Failed} |\n");
        }
        var remaining = Sorted(entries.Where(e => e.Remains)).ToList();
        md.Append('\n');
        if (remaining.Count == 0)
        {
            md.Append("Nothing the run wrote remains in Pipedrive.\n");
            return md.ToString();
        }
        md.Append("## Still in Pipedrive\n\n| object | source id | Pipedrive id | outcome | why |\n| --- | --- | ---: | --- | --- |\n");
        foreach (var e in remaining)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {e.ObjectType} | {e.SourceId.Replace("|", "\\|", StringComparison.Ordinal)} | {e.TargetId} | {Name(e.Outcome)} | {(e.Detail ?? "").Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }
        md.Append("\nA rollback run again looks at these again; `force: true` deletes records edited after the run.\n");
        return md.ToString();
    }

    /// <summary>The outcome as the reports and the API spell it: deleted, already_gone, restored, kept_edited, kept, failed.</summary>
    public static string Name(RollbackOutcome outcome) => outcome switch
    {
        RollbackOutcome.AlreadyGone => "already_gone",
        RollbackOutcome.KeptEdited => "kept_edited",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static IEnumerable<RollbackEntry> Sorted(IEnumerable<RollbackEntry> entries) =>
        entries.OrderBy(e => RollbackScope.Steps.ToList().FindIndex(s => s.ObjectType == e.ObjectType))
            .ThenBy(e => e.SourceId, StringComparer.Ordinal);

    private static string Cell(string value) =>
        value.AsSpan().ContainsAny(",\"\n\r") ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
