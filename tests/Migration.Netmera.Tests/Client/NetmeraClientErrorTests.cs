using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Migration.Netmera.Tests.Client;

/// <summary>How Netmera's refusals surface: quota as a pause with a resume time, other codes with a meaning and a verdict.</summary>
public sealed class NetmeraClientErrorTests
{
    [Fact]
    public async Task Quota_5022_surfaces_as_a_pause_until_now_plus_the_default_minute()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Error(5022, "Service usage quota is exceeded"));
        var error = await Assert.ThrowsAsync<NetmeraQuotaExceededException>(() => stub.Client().GetSegmentsAsync(CancellationToken.None));

        Assert.Equal(NetmeraApiException.QuotaExceeded, error.Code);
        Assert.Equal(stub.Time.GetUtcNow() + TimeSpan.FromMinutes(1), error.ResumeAt);
        Assert.Contains("quota", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(error.RequiresOperator);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain("stub-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quota_pause_is_configurable()
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Error(5022, "Service usage quota is exceeded"));
        var client = stub.Client(new NetmeraClientOptions { QuotaPause = TimeSpan.FromMinutes(7) });
        var error = await Assert.ThrowsAsync<NetmeraQuotaExceededException>(() => client.GetProfileAsync("u1", CancellationToken.None));
        Assert.Equal(stub.Time.GetUtcNow() + TimeSpan.FromMinutes(7), error.ResumeAt);
    }

    [Fact]
    public void Quota_pause_is_read_from_configuration_and_a_bad_value_is_refused()
    {
        static IReadOnlyDictionary<string, string?> Settings(string pause) => new Dictionary<string, string?> { ["Netmera:QuotaPause"] = pause };
        var configured = NetmeraClientOptions.From(new ConfigurationBuilder().AddInMemoryCollection(Settings("00:05:00")).Build());
        Assert.Equal(TimeSpan.FromMinutes(5), configured.QuotaPause);
        Assert.Equal(TimeSpan.FromMinutes(1), NetmeraClientOptions.From(new ConfigurationBuilder().Build()).QuotaPause);
        Assert.Throws<InvalidOperationException>(() =>
            NetmeraClientOptions.From(new ConfigurationBuilder().AddInMemoryCollection(Settings("soon")).Build()));
    }

    [Fact]
    public async Task A_429_left_after_retries_is_a_quota_pause_honouring_a_longer_Retry_After()
    {
        var stub = new StubNetmera((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("slow down", Encoding.UTF8, "text/plain") };
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(300));
            return response;
        });
        var error = await Assert.ThrowsAsync<NetmeraQuotaExceededException>(() => stub.Client().GetDevicesAsync("u1", CancellationToken.None));
        Assert.Null(error.Code);
        Assert.Equal(stub.Time.GetUtcNow() + TimeSpan.FromSeconds(300), error.ResumeAt);
    }

    [Fact]
    public async Task Quota_on_a_followed_nextPage_is_a_quota_pause_too()
    {
        var stub = new StubNetmera((request, _) => request.RequestUri!.Query.Contains("offset", StringComparison.Ordinal)
            ? StubNetmera.Error(5022, "Service usage quota is exceeded")
            : StubNetmera.Json("""{"nextPage":"https://netmera.test/rest/3.0/getDeviceTokens?offset=2&max=2","total":4,"devices":[{"platform":"IOS","token":"a"},{"platform":"IOS","token":"b"}]}"""));
        var pages = stub.Client().GetDeviceTokenPagesAsync(2, CancellationToken.None);
        await Assert.ThrowsAsync<NetmeraQuotaExceededException>(async () =>
        {
            await foreach (var _ in pages)
            {
            }
        });
    }

    [Theory]
    [InlineData(2010, HttpStatusCode.Forbidden, "key is invalid")]
    [InlineData(2021, HttpStatusCode.Forbidden, "allow-list")]
    [InlineData(2021, HttpStatusCode.BadRequest, "invalid configuration")]
    [InlineData(2022, HttpStatusCode.Forbidden, "not authorised")]
    [InlineData(5007, HttpStatusCode.Unauthorized, "log in")]
    [InlineData(5021, HttpStatusCode.BadRequest, "not allowed for this account")]
    [InlineData(5042, HttpStatusCode.BadRequest, "segment not found")]
    public async Task Codes_no_retry_can_change_need_an_operator_and_say_what_to_do(int code, HttpStatusCode status, string meaning)
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Error(code, "vendor text", status));
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => stub.Client().GetSegmentUsersPageAsync(7, 100, null, CancellationToken.None));

        Assert.IsNotType<NetmeraQuotaExceededException>(error);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
        Assert.True(error.RequiresOperator);
        Assert.False(error.IsTransient);
        Assert.Contains(meaning, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("(vendor text)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2001, HttpStatusCode.InternalServerError, true)]
    [InlineData(2004, HttpStatusCode.BadRequest, false)]
    [InlineData(2009, HttpStatusCode.BadRequest, false)]
    [InlineData(2020, HttpStatusCode.BadRequest, false)]
    [InlineData(5028, HttpStatusCode.BadRequest, false)]
    public async Task Other_codes_are_described_and_only_server_failures_are_transient(int code, HttpStatusCode status, bool transient)
    {
        var stub = new StubNetmera((_, _) => StubNetmera.Error(code, "x", status));
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => stub.Client().GetEventDefinitionsAsync(CancellationToken.None));
        Assert.Equal(code, error.Code);
        Assert.False(error.RequiresOperator);
        Assert.Equal(transient, error.IsTransient);
        Assert.StartsWith($"Netmera {(int)status} code {code}: {NetmeraApiException.Describe(code, status)}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_answered_as_RFC_9457_reports_the_status_without_a_code()
    {
        var stub = new StubNetmera((_, _) => new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"type":"about:blank","title":"Not Found","status":404,"detail":"No endpoint","instance":"/rest/3.0/app/events"}""",
                Encoding.UTF8, "application/problem+json"),
        });
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => stub.Client().GetEventDefinitionsAsync(CancellationToken.None));
        Assert.Null(error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.StartsWith("Netmera 404: Netmera answered without an error code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_text_refusal_is_reported_by_status()
    {
        var stub = new StubNetmera((_, _) => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("Please provide an external id.") });
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => stub.Client().GetDevicesAsync("", CancellationToken.None));
        Assert.Null(error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public async Task A_server_error_that_outlived_the_retries_is_transient()
    {
        var stub = new StubNetmera((_, _) => new HttpResponseMessage(HttpStatusCode.BadGateway));
        var error = await Assert.ThrowsAsync<NetmeraApiException>(() => stub.Client().GetSegmentsAsync(CancellationToken.None));
        Assert.True(error.IsTransient);
        Assert.False(error.RequiresOperator);
    }

    [Fact]
    public void Operator_action_codes_are_exactly_the_documented_non_retryable_ones()
    {
        Assert.Equal(new[] { 2010, 2021, 2022, 5007, 5021, 5042 }, NetmeraApiException.OperatorActionCodes.Order());
        Assert.DoesNotContain(NetmeraApiException.QuotaExceeded, NetmeraApiException.OperatorActionCodes);
    }
}
