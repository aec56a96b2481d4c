namespace Migration.Sandbox.Dataset;

/// <summary>
/// The "Company" profile attribute some apps collect (a B2B2C loyalty app asks where the user works). About
/// a third of users have one, drawn from ~120 spellings of ~105 companies: non-ASCII names, the same company
/// typed with other case or spacing (the migration must fold them into one organization), and a few names
/// longer than Pipedrive's 255-character limit. Drawn from its own stream, so no other generated value moves.
/// </summary>
internal static class CompanyPool
{
    /// <summary>A company as most of its people spell it, and the other spellings a few of them type.</summary>
    public sealed record Company(string Name, IReadOnlyList<string> Variants);

    public const double Share = 1.0 / 3;

    /// <summary>How often a member types one of the company's other spellings.</summary>
    public const double VariantShare = 0.12;

    public static readonly IReadOnlyList<Company> Companies = Build();

    /// <summary>The user's company as typed into the app, or null (about two thirds of users).</summary>
    public static string? CompanyOf(int index, int seed)
    {
        var random = DeterministicRandom.For(seed, DatasetStream.Company, index);
        if (!random.Chance(Share))
        {
            return null;
        }

        // Squaring skews towards the front of the list: a few large employers, a long tail of small ones.
        var company = Companies[(int)(Math.Pow(random.NextDouble(), 2) * Companies.Count)];
        return company.Variants.Count > 0 && random.Chance(VariantShare) ? random.Pick(company.Variants) : company.Name;
    }

    private static IReadOnlyList<Company> Build()
    {
        Company C(string name, params string[] variants) => new(name, variants);
        var companies = new List<Company>
        {
            C("Türk Telekom", "TÜRK TELEKOM", "Türk  Telekom", " türk telekom"),
            C("Turkcell", "turkcell", "TURKCELL "),
            C("Koç Holding", "Koç holding", "KOÇ HOLDING"),
            C("Arçelik A.Ş.", "arçelik a.ş.", "Arçelik  A.Ş."),
            C("Garanti BBVA", "garanti bbva"),
            C("Yapı Kredi Bankası", "Yapı  Kredi  Bankası"),
            C("Siemens AG", "SIEMENS AG", "Siemens ag"),
            C("Deutsche Bahn", "deutsche bahn"),
            C("Müller & Söhne GmbH"),
            C("Bäckerei Groß"),
            C("Société Générale", "SOCIÉTÉ GÉNÉRALE"),
            C("Ελληνικά Πετρέλαια", "ΕΛΛΗΝΙΚΆ ΠΕΤΡΈΛΑΙΑ"),
            C("Acme Corporation", "ACME Corporation", "acme  corporation"),
            C("Getir"), C("Trendyol"), C("Hepsiburada"), C("Migros Ticaret"), C("Şişecam"), C("Ülker Bisküvi"), C("Eczacıbaşı"),
            C("Ford Otosan"), C("Tofaş"), C("Aselsan"), C("Pegasus Hava Yolları"), C("Türk Hava Yolları"), C("Akbank"), C("İş Bankası"),
            C("Vakıfbank"), C("Halkbank"), C("Doğuş Grubu"), C("Sabancı Holding"), C("Enerjisa"), C("Petkim"), C("Tüpraş"),
            C("BİM Birleşik Mağazalar"), C("LC Waikiki"), C("Mavi Giyim"), C("Boyner"), C("Vestel"), C("Logo Yazılım"), C("Netaş"),
            C("Bosch"), C("BASF SE"), C("Bayer AG"), C("Allianz SE"), C("Lufthansa"), C("Zalando SE"), C("Henkel"), C("Porsche AG"),
            C("Carrefour"), C("L'Oréal"), C("Crédit Agricole"), C("Renault"), C("Danone"), C("Michelin"),
            C("Philips"), C("ING Groep"), C("Heineken"), C("Rabobank"), C("ASML"),
            C("Banco Santander"), C("Telefónica"), C("Iberdrola"), C("Inditex"), C("Mercadona"),
            C("Enel"), C("Ferrero"), C("Intesa Sanpaolo"), C("Pirelli"),
            C("PKO Bank Polski"), C("Żabka Polska"), C("Orlen"),
            C("Volvo Cars"), C("IKEA"), C("Ericsson"), C("H&M"), C("Spotify"),
            C("Equinor"), C("Telenor"),
            C("Cosmote"), C("Alpha Bank"), C("Εθνική Τράπεζα"),
            C("Emirates Group"), C("Etisalat"), C("Azercell"), C("SOCAR"),
            C("Nestlé"), C("Novartis"), C("Roche"), C("UBS"),
            C("Tesco"), C("Unilever"), C("BT Group"), C("Barclays"),
            C("Microsoft"), C("Amazon"), C("Apple"), C("Google"), C("Walmart"), C("Starbucks"),
            C("Kuzey Yazılım Ltd. Şti."), C("Ege Tekstil San. ve Tic. A.Ş."), C("Anadolu Lojistik"), C("Karadeniz Fındık Kooperatifi"),
            C("Serbest çalışan"), C("Öğrenci"),
        };

        // A few names beyond Pipedrive's 255-character varchar: trade-registry names with every activity listed.
        companies.Add(C("Güneydoğu Anadolu Tarım Ürünleri İşleme Paketleme Depolama Nakliye İthalat İhracat Pazarlama Turizm İnşaat " +
            "Taahhüt Madencilik Enerji Üretim Dağıtım Gıda Tekstil Otomotiv Sanayi ve Ticaret Limited Şirketi Gaziantep Şubesi " +
            "Organize Sanayi Bölgesi Müdürlüğü İrtibat Bürosu ve Lojistik Merkezi"));
        companies.Add(C("Vereinigte Norddeutsche Versicherungs- und Rückversicherungsgesellschaft für Schifffahrt, Hafenwirtschaft, " +
            "Binnenschifffahrt und Logistikdienstleistungen auf Gegenseitigkeit Aktiengesellschaft & Co. Kommanditgesellschaft " +
            "Niederlassung Hamburg-Altona, Zweigstelle Bremerhaven und Cuxhaven"));
        companies.Add(C("Société Coopérative Agricole de Production, de Transformation et de Commercialisation des Produits Laitiers " +
            "et Fromagers des Hautes-Alpes"));
        return companies;
    }
}
