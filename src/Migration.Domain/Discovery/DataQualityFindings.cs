using Migration.Domain.Persons;

namespace Migration.Domain.Discovery;

/// <summary>
/// What a look at the segment's members (ids, emails, phone numbers as Netmera lists them) says about
/// the data before anything moves: counts, and a few sample ids per finding so someone can look them
/// up in Netmera. Never emails or names.
/// </summary>
public sealed class DataQualityFindings
{
    public const int SamplesPerFinding = 5;

    private readonly Dictionary<string, Finding> findings = new(StringComparer.Ordinal);
    private readonly HashSet<string> emailsSeen = new(StringComparer.Ordinal);

    public long Examined { get; private set; }

    public IReadOnlyList<Finding> All => findings.Values.OrderBy(f => f.Code, StringComparer.Ordinal).ToList();

    /// <summary>Looks at one member of the segment listing.</summary>
    public void Examine(string? extId, string? email, string? msisdn)
    {
        Examined++;
        var id = string.IsNullOrWhiteSpace(extId) ? $"#{Examined}" : extId;
        if (string.IsNullOrWhiteSpace(extId))
            Note("no_external_id", "members without an external id (cannot be read per user)", id);

        var normalised = EmailAddress.Normalise(email);
        if (normalised is null)
            Note("no_email", "members without an email", id);
        else if (!EmailAddress.IsValid(normalised))
            Note("invalid_email", "members whose email is not a valid address (rejected at load)", id);
        else if (!emailsSeen.Add(normalised))
            Note("duplicate_email", "members sharing an email with an earlier member (merged at extraction)", id);

        if (PersonMapping.NormalisePhone(msisdn) is null)
        {
            Note("no_phone", "members without a usable phone number", id);
            if (normalised is null)
                Note("no_contact", "members with neither email nor phone (rejected at load)", id);
        }
    }

    private void Note(string code, string meaning, string sampleId)
    {
        if (!findings.TryGetValue(code, out var finding))
            findings[code] = finding = new Finding(code, meaning);
        finding.Count++;
        if (finding.SampleIds.Count < SamplesPerFinding)
            finding.SampleIds.Add(sampleId);
    }

    public sealed class Finding(string code, string meaning)
    {
        public string Code { get; } = code;
        public string Meaning { get; } = meaning;
        public long Count { get; set; }
        public List<string> SampleIds { get; } = [];
    }
}
