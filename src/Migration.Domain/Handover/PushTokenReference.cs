using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Migration.Domain.Ledger;
using Migration.Domain.Persons;
using Migration.Domain.Reports;
using Migration.Domain.Source;

namespace Migration.Domain.Handover;

/// <summary>
/// The push-token reference list (<c>reports/handover/push-tokens.md</c> and <c>.csv</c>): one row per device that had a
/// Netmera push token, with its person, platform, permission and how the user can be asked to opt in again. The token is
/// named by a hash, never written out: it works only with Netmera's sender, and reports carry no credentials or PII
/// (DESIGN §4.3). Written batch by batch like <see cref="UsersWithoutEmail"/>.
/// </summary>
public static class PushTokenReference
{
    public static string CsvHeader { get; } = new StringBuilder()
        .AppendRow("netmera_id", "pipedrive_person_id", "person_outcome", "platform", "device_model", "operating_system", "installation_id",
            "push_permitted", "token_ref", "reach_for_reopt_in").ToString();

    /// <summary>A stable reference to a token that does not reveal it: the first 16 hex digits of its SHA-256.</summary>
    public static string TokenRef(string token) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())))[..16];

    /// <summary>
    /// How the user can be asked to opt in again outside the app: by email or phone when the person is in Pipedrive with one,
    /// else only inside the app once it ships the new tool's SDK.
    /// </summary>
    public static string Reach(SourceUser user, LedgerEntry? person)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (person?.State is not (LedgerState.Created or LedgerState.Updated))
            return "in-app only";
        if (UsersWithoutEmail.EmailState(user) is null)
            return "email";
        return PersonMapping.NormalisePhone(user.ProfileText("msisdn") ?? user.Msisdn) is not null ? "phone" : "in-app only";
    }

    /// <summary>Appends one row per device of the user that has a token and counts it by platform, permission and reach.</summary>
    public static void AppendRows(StringBuilder csv, IDictionary<string, long> tally, SourceUser user, LedgerEntry? person)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(user);
        string? reach = null;
        foreach (var device in user.Devices)
        {
            if (string.IsNullOrWhiteSpace(device.Token))
                continue;
            reach ??= Reach(user, person);
            var platform = string.IsNullOrWhiteSpace(device.Platform) ? "UNKNOWN" : device.Platform.Trim().ToUpperInvariant();
            var permitted = device.PushPermitted switch { true => "yes", false => "no", null => "unknown" };
            csv.AppendRow(user.ExtId, person?.State is LedgerState.Created or LedgerState.Updated ? HandoverText.N(person.TargetId) : "",
                UsersWithoutEmail.Outcome(person), platform, device.DeviceModel, device.OperatingSystem, device.InstallationId, permitted, TokenRef(device.Token), reach);
            var key = $"{platform}|{permitted}|{reach}";
            tally[key] = tally.TryGetValue(key, out var n) ? n + 1 : 1;
        }
    }

    /// <param name="tokensMoved">Whether the approved field map sent the tokens to the person field "Device: Push token".</param>
    public static HandoverDocument Render(string runId, DateTimeOffset generatedAt, Tally tally, long stagedUsers, bool tokensMoved)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var artifact = HandoverArtifact.PushTokens;
        var source = $"the devices of the {stagedUsers.ToString(CultureInfo.InvariantCulture)} staged users and the persons ledger";
        var empty = tally.Total > 0 ? null
            : stagedUsers == 0 ? "no user was staged, so no device could be listed"
            : "no staged device carries a push token (a panel user export, for one, has no token column: tokens come from Netmera's REST devices)";
        var md = HandoverText.Header(artifact, runId, generatedAt, source,
            "the reference for planning the re-opt-in: which users had push on which platforms, whether they had allowed it, and how each " +
            "can be asked to allow it again in the new messaging tool.",
            "Pipedrive sends no push notifications and cannot use push tokens. Netmera's tokens are registered with Netmera's sender, so " +
            "the new messaging tool cannot send with them either: every device registers again when the app ships the new tool's SDK, " +
            "and users must opt in again there. " +
            (tokensMoved
                ? "The approved field map copied the tokens to the person field \"Device: Push token\" as a reference only."
                : "The approved field map did not move the tokens; only this list keeps a reference (a hash) to them."), empty);

        if (tally.Total > 0)
        {
            md.Append("| Platform | Devices | Push allowed | Reach by email | Reach by phone | In-app only |\n|---|---:|---:|---:|---:|---:|\n");
            foreach (var platform in tally.Counts.Keys.Select(k => k.Split('|')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var rows = new Tally(tally.Counts.Where(c => c.Key.StartsWith(platform + "|", StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value));
                md.Append(CultureInfo.InvariantCulture,
                    $"| {platform} | {rows.Total} | {rows.Where(1, "yes")} | {rows.Where(2, "email")} | {rows.Where(2, "phone")} | {rows.Where(2, "in-app only")} |\n");
            }
            md.Append("\n## Re-opt-in planning notes\n\n");
            md.Append("- **iOS, iPadOS, macOS apps**: the system asks for permission once per install; users who allowed it for the app keep it, " +
                "users who declined must turn notifications on in Settings. Ask in the app first (a soft prompt explaining why) before the system prompt.\n");
            md.Append("- **Android**: from Android 13 apps must ask for the notification permission; older versions allow it by default. " +
                "The new SDK registers a new token on first launch of the updated app.\n");
            md.Append("- **Web push (Chrome, Firefox, Safari, Edge, …)**: permission belongs to the site and its service worker; a new provider's " +
                "service worker needs the browser's permission prompt again, and users who blocked it must unblock the site.\n");
            md.Append("- **Reach**: `email` and `phone` users are persons in Pipedrive with that contact, who can be told about the new " +
                "notifications outside the app; `in-app only` users can be asked only when they open the updated app.\n");
            md.Append("- Devices with push not allowed (`push_permitted = no`) had declined in Netmera: do not count them as lost subscribers.\n\n");
            md.Append(CultureInfo.InvariantCulture, $"{tally.Total} devices with a push token; the CSV has one row per device.\n");
        }
        return new HandoverDocument(md.ToString(), CsvHeader,
            new HandoverEntry(artifact, tally.Total, $"devices with a push token ({tally.Where(1, "yes")} with push allowed)", source, empty));
    }
}
