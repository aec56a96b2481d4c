using System.Globalization;
using System.Text;
using Migration.Domain.Source;

namespace Migration.Domain.Persons;

/// <summary>
/// The built-in user → person map used until the field map proposal and its confirmation gate exist
/// (a later issue): name, email, phone and the Netmera id. Every rule is in docs/transforms.md; each
/// either repairs the value or rejects the record with a reason, never throws.
/// </summary>
public static class PersonMapping
{
    /// <summary>Pipedrive's limit on varchar values, person names included.</summary>
    public const int MaxNameLength = 255;

    public static PersonMappingOutcome Map(SourceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);

        var email = EmailAddress.Normalise(user.ProfileText("email") ?? user.Email);
        if (email is not null && !EmailAddress.IsValid(email))
            return PersonMappingOutcome.Reject(user.ExtId, RejectReason.InvalidEmail,
                "email is not a valid address; fix it in Netmera and the delta sync will move the user");

        var phone = NormalisePhone(user.ProfileText("msisdn") ?? user.Msisdn);
        if (email is null && phone is null)
            return PersonMappingOutcome.Reject(user.ExtId, RejectReason.NoContact,
                "neither an email nor a phone number: nothing a CRM could reach the person by");

        var name = CollapseWhitespace($"{user.ProfileText("name")} {user.ProfileText("surname")}");
        if (name.Length == 0)
            name = email ?? phone!;

        return PersonMappingOutcome.Accept(new PersonDraft(user.ExtId, Truncate(name, MaxNameLength), email, phone));
    }

    /// <summary>Digits only with a leading '+' (Netmera stores MSISDNs as international digits).</summary>
    public static string? NormalisePhone(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var digits = new StringBuilder(raw.Length + 1);
        foreach (var c in raw)
            if (char.IsAsciiDigit(c))
                digits.Append(c);
        return digits.Length is >= 6 and <= 15 ? "+" + digits : null;
    }

    private static string CollapseWhitespace(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Cuts at a text-element boundary so a surrogate pair or combining mark is never split.</summary>
    public static string Truncate(string value, int maxLength)
    {
        if (value.Length <= maxLength)
            return value;
        var boundary = 0;
        var elements = StringInfo.GetTextElementEnumerator(value);
        while (elements.MoveNext())
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > maxLength)
                break;
            boundary = end;
        }
        return value[..boundary];
    }
}

/// <summary>Either a person to write or a reason the user cannot become one.</summary>
public sealed record PersonMappingOutcome(string ExtId, PersonDraft? Person, string? RejectCode, string? RejectDetail)
{
    public bool IsRejected => Person is null;

    public static PersonMappingOutcome Accept(PersonDraft person) => new(person.NetmeraId, person, null, null);

    public static PersonMappingOutcome Reject(string extId, string code, string detail) => new(extId, null, code, detail);
}
