using System.Globalization;
using System.Text;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reports;
using Migration.Domain.Source;

namespace Migration.Domain.Handover;

/// <summary>
/// Users without email (<c>reports/handover/users-without-email.md</c> and <c>.csv</c>): every staged user whose email is
/// absent or not a valid address, by the persons rules (<see cref="PersonMapping"/>), with what became of them: a person
/// without email (reached by phone), or rejected (<c>no_contact</c>, <c>invalid_email</c>). The CSV is written batch by
/// batch: <see cref="AppendRow"/> per user, then the parts are joined under <see cref="CsvHeader"/>.
/// </summary>
public static class UsersWithoutEmail
{
    public const string Absent = "absent";
    public const string Invalid = "invalid";

    public static string CsvHeader { get; } = new StringBuilder()
        .AppendRow("netmera_id", "email", "has_phone", "outcome", "reason_code", "pipedrive_person_id", "merged_netmera_ids").ToString();

    /// <summary>Why the user has no usable email (<see cref="Absent"/> or <see cref="Invalid"/>), or null when its email is valid.</summary>
    public static string? EmailState(SourceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var email = EmailAddress.Normalise(user.ProfileText("email") ?? user.Email);
        return email is null ? Absent : EmailAddress.IsValid(email) ? null : Invalid;
    }

    /// <summary>What the persons load made of a user, from its ledger row (null: no row, the load never reached it).</summary>
    public static string Outcome(LedgerEntry? row) => row?.State switch
    {
        null => "not_loaded",
        LedgerState.Created or LedgerState.Updated => "migrated",
        LedgerState.Rejected => "rejected",
        LedgerState.Skipped => "skipped",
        _ => "unresolved",
    };

    /// <summary>Appends the user's row when it has no usable email and counts it; a user with a valid email adds nothing.</summary>
    public static void AppendRow(StringBuilder csv, IDictionary<string, long> tally, SourceUser user, LedgerEntry? row)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(tally);
        if (EmailState(user) is not { } state)
            return;
        var outcome = Outcome(row);
        var phone = PersonMapping.NormalisePhone(user.ProfileText("msisdn") ?? user.Msisdn) is not null;
        csv.AppendRow(user.ExtId, state, phone ? "yes" : "no", outcome, row?.ReasonCode,
            row?.State is LedgerState.Created or LedgerState.Updated ? HandoverText.N(row.TargetId) : "",
            string.Join(' ', user.MergedExtIds.Where(id => id != user.ExtId)));
        var key = $"{outcome}|{state}";
        tally[key] = tally.TryGetValue(key, out var n) ? n + 1 : 1;
    }

    /// <summary>The Markdown summary over the whole population (the rows are in the CSV); <see cref="HandoverDocument.Csv"/> is the header row.</summary>
    public static HandoverDocument Render(string runId, DateTimeOffset generatedAt, Tally tally, long stagedUsers)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var artifact = HandoverArtifact.UsersWithoutEmail;
        var source = $"the {stagedUsers.ToString(CultureInfo.InvariantCulture)} staged users and the persons ledger";
        var empty = tally.Total > 0 ? null
            : stagedUsers == 0 ? "no user was staged, so none could be listed" : "every staged user has a valid email address";
        var md = HandoverText.Header(artifact, runId, generatedAt, source,
            "the users who cannot be emailed after the switch: the persons in Pipedrive without an email (reachable by phone only), " +
            "and the users rejected for having no usable email, so the team can decide how to reach them or fix their data in Netmera.",
            "Pipedrive's email features (sequences, Campaigns, email sync) need an email on the person; a person without one is reached by " +
            "phone or not at all. Users rejected with no_contact (neither email nor phone) are not in Pipedrive; users rejected with " +
            "invalid_email move once their address is fixed in Netmera. Users merged or excluded at extraction are not listed here " +
            "(skipped-extract.csv).", empty);
        if (tally.Total > 0)
        {
            md.Append("| Outcome | Email absent | Email invalid | All |\n|---|---:|---:|---:|\n");
            foreach (var (outcome, meaning) in Outcomes)
            {
                var all = tally.Where(0, outcome);
                if (all == 0)
                    continue;
                md.Append(CultureInfo.InvariantCulture,
                    $"| {outcome}: {meaning} | {tally[$"{outcome}|{Absent}"]} | {tally[$"{outcome}|{Invalid}"]} | {all} |\n");
            }
            md.Append(CultureInfo.InvariantCulture, $"\n{tally.Total} users of {stagedUsers} staged have no usable email. Each is a row of the CSV (Netmera id, whether a phone number is known, outcome, reason code, Pipedrive person id).\n");
        }
        return new HandoverDocument(md.ToString(), CsvHeader,
            new HandoverEntry(artifact, tally.Total, $"users ({tally.Where(0, "migrated")} in Pipedrive without email, {tally.Where(0, "rejected")} rejected)", source, empty));
    }

    private static readonly (string Outcome, string Meaning)[] Outcomes =
    [
        ("migrated", "a person in Pipedrive without email"),
        ("rejected", "not in Pipedrive (see reason_code)"),
        ("skipped", "not written by the load"),
        ("not_loaded", "the persons load has no row for the user"),
        ("unresolved", "the load left an open intent"),
    ];
}
