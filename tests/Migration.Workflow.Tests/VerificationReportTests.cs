using Migration.Pipedrive;
using Migration.Workflow.Reports;

namespace Migration.Workflow.Tests;

/// <summary>The verification reports say which values differ without holding the values themselves.</summary>
public class VerificationReportTests
{
    [Fact]
    public void Values_appear_only_as_fingerprints_and_equal_values_share_one()
    {
        var report = new VerificationReport("Sample verification", 1, [], keepMatches: true);
        report.Add("ext-1", 41, [
            new FieldComparison("Email", "ayse.yilmaz@example.com", "ayse.yilmaz@example.com", true),
            new FieldComparison("Phone", "+905321234567", "+90532123456", false),
        ]);

        var csv = report.Csv();
        var markdown = report.Markdown();
        foreach (var value in new[] { "ayse.yilmaz@example.com", "+905321234567", "+90532123456" })
        {
            Assert.DoesNotContain(value, csv, StringComparison.Ordinal);
            Assert.DoesNotContain(value, markdown, StringComparison.Ordinal);
        }
        var email = VerificationReport.Fingerprint("ayse.yilmaz@example.com");
        Assert.Contains($"ext-1,41,Email,{email},{email},true", csv, StringComparison.Ordinal);
        Assert.NotEqual(VerificationReport.Fingerprint("+905321234567"), VerificationReport.Fingerprint("+90532123456"));
        Assert.Equal(1, report.Mismatches);
        Assert.Equal(["Phone"], report.MismatchedFields);
    }
}
