using System.Collections.Frozen;

namespace Migration.Domain.Discovery;

/// <summary>
/// Countries whose residents the GDPR covers: the 27 EU member states and the EEA states Iceland,
/// Liechtenstein and Norway. Netmera's country attribute is free text in practice, so both ISO
/// 3166-1 alpha-2 codes and English names are recognised, case-insensitively.
/// </summary>
public static class EuropeanEconomicArea
{
    private static readonly FrozenDictionary<string, string> Members = new Dictionary<string, string>
    {
        ["AT"] = "Austria", ["BE"] = "Belgium", ["BG"] = "Bulgaria", ["HR"] = "Croatia", ["CY"] = "Cyprus",
        ["CZ"] = "Czechia", ["DK"] = "Denmark", ["EE"] = "Estonia", ["FI"] = "Finland", ["FR"] = "France",
        ["DE"] = "Germany", ["GR"] = "Greece", ["HU"] = "Hungary", ["IE"] = "Ireland", ["IT"] = "Italy",
        ["LV"] = "Latvia", ["LT"] = "Lithuania", ["LU"] = "Luxembourg", ["MT"] = "Malta", ["NL"] = "Netherlands",
        ["PL"] = "Poland", ["PT"] = "Portugal", ["RO"] = "Romania", ["SK"] = "Slovakia", ["SI"] = "Slovenia",
        ["ES"] = "Spain", ["SE"] = "Sweden", ["IS"] = "Iceland", ["LI"] = "Liechtenstein", ["NO"] = "Norway",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Names = Members.Values
        .Concat(["Czech Republic", "Holland", "The Netherlands", "Deutschland", "Österreich", "España", "Italia", "Polska", "Sverige", "Suomi", "Danmark", "Éire", "Hellas"])
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>ISO codes of the covered countries, for counting by country.</summary>
    public static IReadOnlyCollection<string> Codes => Members.Keys;

    public static bool Contains(string? country) =>
        !string.IsNullOrWhiteSpace(country) && (Members.ContainsKey(country.Trim()) || Names.Contains(country.Trim()));
}
