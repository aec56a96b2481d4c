using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Migration.Domain.Mapping;
using Migration.Domain.Persons;
using Migration.Domain.Source;

namespace Migration.Domain.Organizations;

/// <summary>An organization as one user names it: the key members are grouped by, and the spelling this user typed.</summary>
public sealed record OrganizationName(string Key, string Spelling);

/// <summary>
/// Which organization a user belongs to (docs/transforms.md, "Organizations"). Netmera has no company object, so:
/// (a) a profile attribute the approved map sends to the organization's name, trimmed, names it; (b) else, when the
/// map says so (<see cref="FieldMap.OrganizationsFromEmailDomain"/>), the domain of a valid email that is not free
/// mail or reserved; (c) else none. The key folds case and inner whitespace, so
/// "Türk  Telekom" and "TÜRK TELEKOM" are one organization. Pure and deterministic.
/// </summary>
public static class OrganizationRule
{
    /// <summary>Prefix of the stamp in the organization's "Netmera ID" field: organizations have no Netmera id of their own.</summary>
    public const string NetmeraIdPrefix = "org:";

    /// <summary>Stamps longer than this carry a hash of the key instead of its tail, so the stamp stays within 255 and unique.</summary>
    public const int MaxStampedKeyLength = 200;

    /// <summary>Mail providers anyone can sign up to: their domain says nothing about an employer.</summary>
    public static IReadOnlySet<string> FreeMailDomains { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
        "outlook.com", "outlook.de", "outlook.fr", "live.com", "live.co.uk", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr",
        "yahoo.de", "yahoo.es", "yahoo.it", "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com",
        "yandex.com", "yandex.ru", "yandex.com.tr", "ya.ru", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "rambler.ru",
        "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de", "posteo.de", "mail.de",
        "orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "libero.it", "virgilio.it", "alice.it", "tiscali.it",
        "wp.pl", "o2.pl", "onet.pl", "interia.pl", "seznam.cz", "abv.bg", "otenet.gr", "protonmail.com", "proton.me",
        "pm.me", "tutanota.com", "zoho.com", "mail.com", "fastmail.com", "hushmail.com", "qq.com", "163.com", "126.com",
        "superonline.com", "ttmail.com", "mynet.com", "windowslive.com", "btinternet.com", "sky.com", "comcast.net",
    };

    /// <summary>Top-level names reserved for documentation and testing (RFC 2606, RFC 6761): never a real employer.</summary>
    private static readonly string[] ReservedTopLevel = ["example", "test", "invalid", "localhost", "local"];

    /// <summary>The user's organization, or null. Only the user's own values are read; nothing here throws on data.</summary>
    public static OrganizationName? Of(SourceUser user, FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(map);
        foreach (var line in map.Lines.Where(IsOrganizationName))
        {
            if (Named(user.ProfileText(line.Source.Code)) is { } named)
                return named;
        }
        return map.OrganizationsFromEmailDomain ? FromEmail(EmailAddress.Normalise(user.ProfileText("email") ?? user.Email)) : null;
    }

    /// <summary>Whether the map sends this line to the organization's name (a profile attribute such as "Company").</summary>
    public static bool IsOrganizationName(MappingLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Source.Kind == SourceKinds.Profile
            && line.Target is { Entity: TargetEntities.Organization, Kind: TargetKinds.Standard, Name: "name" };
    }

    /// <summary>An attribute value as an organization: trimmed, inner whitespace collapsed; null when blank.</summary>
    public static OrganizationName? Named(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var spelling = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return new OrganizationName(Fold(spelling), spelling);
    }

    /// <summary>The domain of a valid address as an organization, unless it is free mail or reserved.</summary>
    public static OrganizationName? FromEmail(string? normalisedEmail)
    {
        if (normalisedEmail is null || !EmailAddress.IsValid(normalisedEmail))
            return null;
        var domain = normalisedEmail[(normalisedEmail.LastIndexOf('@') + 1)..];
        return IsPersonalOrReserved(domain) ? null : new OrganizationName(Fold(domain), domain);
    }

    /// <summary>Free mail (or a subdomain of it), or a reserved name: example.*, *.example, *.test, *.invalid, *.localhost.</summary>
    public static bool IsPersonalOrReserved(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var d = domain.Trim().TrimEnd('.').ToLowerInvariant();
        var labels = d.Split('.');
        if (labels.Length < 2 || ReservedTopLevel.Contains(labels[^1]) || labels[0] == "example" || labels[^2] == "example")
            return true;
        for (var i = 0; i < labels.Length - 1; i++)
        {
            if (FreeMailDomains.Contains(string.Join('.', labels[i..])))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The matching form of a name: lower-cased (invariant, every script), whitespace runs as one space, trimmed. No
    /// Unicode normalisation: the hosts run with invariant globalization, where it is not available.
    /// </summary>
    public static string Fold(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Join(' ', name.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The stamp written into the organization's "Netmera ID" field: "org:" and the key; a key over
    /// <see cref="MaxStampedKeyLength"/> characters keeps its start and a hash of the whole, so the stamp is at most 255.
    /// </summary>
    public static string NetmeraId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length <= MaxStampedKeyLength)
            return NetmeraIdPrefix + key;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return string.Create(CultureInfo.InvariantCulture, $"{NetmeraIdPrefix}{PersonMapping.Truncate(key, MaxStampedKeyLength - 20)}~{hash}");
    }
}
