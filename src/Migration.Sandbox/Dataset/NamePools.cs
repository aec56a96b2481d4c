using System.Collections.Frozen;

namespace Migration.Sandbox.Dataset;

/// <summary>
/// Names, cities and phone plans per culture. Non-ASCII on purpose: Turkish dotless ı and İ, German ß and
/// umlauts, Greek script, Polish and Nordic letters are what breaks naive casing, folding and length checks.
/// </summary>
internal static class NamePools
{
    public sealed record Culture(IReadOnlyList<string> FirstNames, IReadOnlyList<string> LastNames);

    public sealed record PhonePlan(string CountryCode, IReadOnlyList<string> MobilePrefixes, int NationalDigits);

    public static readonly Culture Turkish = new(
        ["Ayşe", "Mehmet", "Fatma", "Mustafa", "Emine", "Ahmet", "Hatice", "Ali", "Zeynep", "Hüseyin", "Elif", "Çağrı",
         "Gülşen", "Şule", "Özge", "Işıl", "İbrahim", "Ümit", "Gökhan", "Ilgın", "Doğukan", "Büşra"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan",
         "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özkan", "Şimşek", "Güneş", "Ağaoğlu", "İnce"]);

    public static readonly Culture German = new(
        ["Jürgen", "Jörg", "Günther", "Lukas", "Anna", "Björn", "Käthe", "Sören", "Maximilian", "Lena", "Grete", "Uwe"],
        ["Müller", "Schäfer", "Weiß", "Groß", "Köhler", "Schröder", "Krüger", "Hoffmann", "Bäcker", "Fuß", "Meißner", "von Löwenstein"]);

    public static readonly Culture Greek = new(
        ["Γιώργος", "Ελένη", "Δημήτρης", "Μαρία", "Νίκος", "Κατερίνα", "Σοφία", "Αλέξανδρος"],
        ["Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Νικολάου", "Παπαδάκη", "Βασιλείου"]);

    public static readonly Culture Romance = new(
        ["François", "Héloïse", "José", "Íñigo", "Chloé", "Giulia", "Zoë", "Raphaël", "João", "Noémie", "Niccolò"],
        ["Dubois", "García", "Núñez", "Lefèvre", "Rossi", "Côté", "Gonçalves", "Peña", "D'Angelo", "Muñoz"]);

    public static readonly Culture Northern = new(
        ["Łukasz", "Zofia", "Wojciech", "Søren", "Åsa", "Daan", "Sanne", "Małgorzata", "Björk", "Jens"],
        ["Jansen", "de Vries", "Kowalski", "Wiśniewska", "Ødegård", "Åberg", "van den Berg", "Żółkiewski", "Lindqvist"]);

    public static readonly Culture English = new(
        ["John", "Emily", "Michael", "Sarah", "Olivia", "James", "Noah", "Amelia", "Liam", "Mary-Jane"],
        ["Smith", "Johnson", "O'Brien", "Williams", "Brown", "Taylor", "Davies", "McAllister", "Wright"]);

    public static readonly IReadOnlyList<string> LongNameParts =
        ["Muhammed", "Abdülkadir", "Fatmanur", "Maximilian", "Alexandros", "Konstantinos", "Wolfgang", "Bartholomew",
         "Gülizar", "Heinrich", "Christophoros", "Mustafa", "Hüseyin", "Evangelia"];

    public static readonly FrozenDictionary<string, Culture> ByCountry = new Dictionary<string, Culture>
    {
        ["TR"] = Turkish,
        ["AZ"] = Turkish,
        ["DE"] = German,
        ["AT"] = German,
        ["CH"] = German,
        ["GR"] = Greek,
        ["CY"] = Greek,
        ["FR"] = Romance,
        ["ES"] = Romance,
        ["IT"] = Romance,
        ["PT"] = Romance,
        ["BE"] = Romance,
        ["NL"] = Northern,
        ["PL"] = Northern,
        ["SE"] = Northern,
        ["NO"] = Northern,
        ["US"] = English,
        ["GB"] = English,
        ["AE"] = English,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, IReadOnlyList<string>> Cities = new Dictionary<string, IReadOnlyList<string>>
    {
        ["TR"] = ["İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Eskişehir", "Şanlıurfa", "Muğla"],
        ["AZ"] = ["Bakı", "Gəncə"],
        ["DE"] = ["München", "Köln", "Düsseldorf", "Berlin", "Hamburg"],
        ["AT"] = ["Wien", "Graz", "Linz"],
        ["CH"] = ["Zürich", "Genève", "Basel"],
        ["GR"] = ["Αθήνα", "Θεσσαλονίκη", "Athens"],
        ["CY"] = ["Λευκωσία", "Limassol"],
        ["FR"] = ["Paris", "Lyon", "Besançon", "Orléans"],
        ["ES"] = ["Madrid", "Barcelona", "Málaga", "A Coruña"],
        ["IT"] = ["Roma", "Milano", "Forlì"],
        ["PT"] = ["Lisboa", "Porto", "Évora"],
        ["BE"] = ["Bruxelles", "Liège", "Antwerpen"],
        ["NL"] = ["Amsterdam", "Den Haag", "'s-Hertogenbosch"],
        ["PL"] = ["Warszawa", "Kraków", "Łódź", "Gdańsk"],
        ["SE"] = ["Stockholm", "Göteborg", "Malmö"],
        ["NO"] = ["Oslo", "Tromsø", "Bærum"],
        ["US"] = ["New York", "San Francisco", "Austin"],
        ["GB"] = ["London", "Manchester", "Edinburgh"],
        ["AE"] = ["Dubai", "Abu Dhabi"],
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, string> Languages = new Dictionary<string, string>
    {
        ["TR"] = "tr",
        ["AZ"] = "az",
        ["DE"] = "de",
        ["AT"] = "de",
        ["CH"] = "de",
        ["GR"] = "el",
        ["CY"] = "el",
        ["FR"] = "fr",
        ["ES"] = "es",
        ["IT"] = "it",
        ["PT"] = "pt",
        ["BE"] = "fr",
        ["NL"] = "nl",
        ["PL"] = "pl",
        ["SE"] = "sv",
        ["NO"] = "nb",
        ["US"] = "en",
        ["GB"] = "en",
        ["AE"] = "ar",
    }.ToFrozenDictionary();

    /// <summary>Hours east of UTC used for "local midnight" birth dates (standard time is close enough here).</summary>
    public static readonly FrozenDictionary<string, int> UtcOffsets = new Dictionary<string, int>
    {
        ["TR"] = 3,
        ["AZ"] = 4,
        ["GR"] = 2,
        ["CY"] = 2,
        ["US"] = -5,
        ["GB"] = 0,
        ["PT"] = 0,
        ["AE"] = 4,
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, PhonePlan> Phones = new Dictionary<string, PhonePlan>
    {
        ["TR"] = new("90", ["50", "53", "54", "55"], 10),
        ["AZ"] = new("994", ["50", "55", "70"], 9),
        ["DE"] = new("49", ["151", "160", "170", "176"], 11),
        ["AT"] = new("43", ["664", "676", "699"], 11),
        ["CH"] = new("41", ["76", "78", "79"], 9),
        ["GR"] = new("30", ["69"], 10),
        ["CY"] = new("357", ["96", "99"], 8),
        ["FR"] = new("33", ["6", "7"], 9),
        ["ES"] = new("34", ["6", "7"], 9),
        ["IT"] = new("39", ["3"], 10),
        ["PT"] = new("351", ["91", "93", "96"], 9),
        ["BE"] = new("32", ["47", "48", "49"], 9),
        ["NL"] = new("31", ["6"], 9),
        ["PL"] = new("48", ["5", "6", "7", "8"], 9),
        ["SE"] = new("46", ["70", "72", "73"], 9),
        ["NO"] = new("47", ["4", "9"], 8),
        ["US"] = new("1", ["212", "415", "512"], 10),
        ["GB"] = new("44", ["7"], 10),
        ["AE"] = new("971", ["50", "55"], 9),
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, string> EmailDomains = new Dictionary<string, string>
    {
        ["TR"] = "example.com.tr",
        ["DE"] = "example.de",
        ["AT"] = "example.at",
        ["FR"] = "example.fr",
        ["GR"] = "example.gr",
        ["PL"] = "example.pl",
        ["NL"] = "example.nl",
        ["GB"] = "example.co.uk",
    }.ToFrozenDictionary();

    public static readonly IReadOnlyList<string> GenericDomains = ["example.com", "example.net", "example.org"];

    public static readonly IReadOnlyList<string> Categories =
        ["electronics", "fashion", "home & living", "books", "sports", "beauty", "toys", "grocery", "ev & yaşam"];

    /// <summary>Folds a name to ASCII for an email local part; Greek and other scripts fold to nothing.</summary>
    public static string FoldToAscii(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            var folded = c switch
            {
                'ç' or 'Ç' => "c",
                'ğ' or 'Ğ' => "g",
                'ı' or 'İ' or 'I' or 'í' or 'Í' or 'ì' => "i",
                'ö' or 'Ö' or 'ø' or 'Ø' or 'ó' => "o",
                'ş' or 'Ş' or 'ś' => "s",
                'ü' or 'Ü' or 'ú' => "u",
                'ä' or 'Ä' => "ae",
                'ß' => "ss",
                'é' or 'è' or 'ë' or 'ê' or 'É' => "e",
                'à' or 'á' or 'â' or 'ã' or 'å' or 'Å' => "a",
                'ñ' or 'ń' => "n",
                'ł' or 'Ł' => "l",
                'ż' or 'ź' or 'Ż' => "z",
                'æ' => "ae",
                'ò' => "o",
                'ô' => "o",
                'ə' => "e",
                _ when c is >= 'a' and <= 'z' => c.ToString(),
                _ when c is >= 'A' and <= 'Z' => char.ToLowerInvariant(c).ToString(),
                _ => string.Empty,
            };
            builder.Append(folded);
        }

        return builder.ToString();
    }
}
