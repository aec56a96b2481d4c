using Migration.Domain.Discovery;

namespace Migration.Domain.Tests;

public class DiscoveryTests
{
    [Theory]
    [InlineData(950, 1000, true)]
    [InlineData(949, 1000, false)]
    [InlineData(0, 0, true)]
    public void Coverage_passes_at_95_percent_and_says_what_is_missing_below(long segment, long known, bool passes)
    {
        var check = new CoverageCheck(segment, known, CoverageCheck.DefaultThreshold);
        Assert.Equal(passes, check.Passes);
        if (!passes)
            Assert.Contains("51 users would be left behind", check.Explain(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DE", true)]
    [InlineData("germany", true)]
    [InlineData(" NO ", true)]
    [InlineData("TR", false)]
    [InlineData("United Kingdom", false)]
    [InlineData(null, false)]
    public void The_gdpr_area_is_the_eu_and_the_eea(string? country, bool covered) =>
        Assert.Equal(covered, EuropeanEconomicArea.Contains(country));

    [Fact]
    public void Findings_count_and_sample_ids_but_never_hold_an_email()
    {
        var findings = new DataQualityFindings();
        findings.Examine("a", "a@example.com", "905312345678");
        findings.Examine("b", "A@Example.com ", null);
        findings.Examine("c", "broken@", "905312345679");
        findings.Examine("d", null, null);
        findings.Examine(null, "e@example.com", "905312345670");

        var byCode = findings.All.ToDictionary(f => f.Code);
        Assert.Equal(5, findings.Examined);
        Assert.Equal(["b"], byCode["duplicate_email"].SampleIds);
        Assert.Equal(["c"], byCode["invalid_email"].SampleIds);
        Assert.Equal(["d"], byCode["no_contact"].SampleIds);
        Assert.Equal(1, byCode["no_external_id"].Count);
        Assert.DoesNotContain(findings.All.SelectMany(f => f.SampleIds), id => id.Contains('@'));
    }
}
