using Migration.Sandbox.Dataset;
using Migration.Sandbox.Netmera.Exports;

namespace Migration.Sandbox.Tests.Dataset;

/// <summary>The "Company" profile attribute: where organizations come from in the demo.</summary>
public sealed class CompanyAttributeTests
{
    private static string Fold(string name) => string.Join(' ', name.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void About_a_third_of_users_name_a_company_with_case_and_space_variants_and_a_few_over_255_characters()
    {
        var companies = SourceDataset.Generate(6000, 42).Select(u => u.Company).OfType<string>().ToList();

        Assert.InRange(companies.Count, 1800, 2200);
        var spellings = companies.GroupBy(Fold).Where(g => g.Distinct().Count() > 1).ToList();
        Assert.True(spellings.Count >= 5, "several companies are typed in more than one way");
        Assert.Contains(companies, c => c.Length > 255);
        Assert.Contains(companies, c => c.Any(ch => ch > 127));
        Assert.InRange(companies.Select(Fold).Distinct().Count(), 80, 110);
    }

    [Fact]
    public void The_panel_export_has_a_company_column()
    {
        Assert.Contains("Company", NetmeraExports.PanelHeaders);
    }
}
