using System.Text.RegularExpressions;

namespace Migration.Domain.Persons;

/// <summary>
/// Email rule used before anything is sent to Pipedrive (docs/transforms.md): trimmed and lower-cased,
/// one '@', a local part of 1-64 characters without spaces, a domain with at least one dot made of
/// letters, digits and hyphens, at most 254 characters in all.
/// </summary>
public static partial class EmailAddress
{
    [GeneratedRegex(@"^[^\s@]{1,64}@(?=.{1,253}$)([\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$")]
    private static partial Regex Shape();

    /// <summary>The normalised address, or null when the input is absent or blank.</summary>
    public static string? Normalise(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? null : raw.Trim().ToLowerInvariant();

    public static bool IsValid(string normalised) => normalised.Length <= 254 && Shape().IsMatch(normalised);
}
