using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Domain.Source;
using Refit;

namespace Migration.Netmera;

/// <summary>
/// Reads what extraction needs from one Netmera app. Maps Netmera's <c>{code, error}</c> bodies to
/// <see cref="NetmeraApiException"/> (quota to <see cref="NetmeraQuotaExceededException"/>); follows
/// <c>nextPage</c> verbatim but only on the connection's own host, so the API key is never sent
/// anywhere else, and never round a loop (<see cref="NextPageGuard"/>). 5xx and network faults are
/// retried with jitter by the handler chain underneath (<see cref="NetmeraServiceCollectionExtensions"/>).
/// </summary>
public sealed class NetmeraClient
{
    private const string Os = "IOS";

    /// <summary>Netmera's documented range for <c>getSegmentUsers</c>' <c>max</c>.</summary>
    public const int MinSegmentPageSize = 100;

    /// <summary>Largest page asked of any paged call: the 1,000 batch cap (netmera-api.md §1).</summary>
    public const int MaxPageSize = NetmeraBatches.MaxIdsPerRequest;

    private readonly INetmeraApi api;
    private readonly HttpClient http;
    private readonly NetmeraConnection connection;
    private readonly TimeProvider time;
    private readonly NetmeraClientOptions options;

    public NetmeraClient(INetmeraApi api, HttpClient http, NetmeraConnection connection, TimeProvider? time = null, NetmeraClientOptions? options = null)
    {
        this.api = api;
        this.http = http;
        this.connection = connection;
        this.time = time ?? TimeProvider.System;
        this.options = options ?? new NetmeraClientOptions();
    }

    public string ConnectionName => connection.Name;

    // Definitions ---------------------------------------------------------------------------------

    public async Task<IReadOnlyList<SourceAttributeDefinition>> GetProfileAttributeDefinitionsAsync(CancellationToken cancellationToken)
    {
        var response = await Call(() => api.GetProfileAttributeDefinitionsAsync(cancellationToken)).ConfigureAwait(false);
        static IEnumerable<SourceAttributeDefinition> Map(IReadOnlyList<NetmeraAttributeDefinition>? items, bool custom) =>
            (items ?? []).Where(d => d.Code is not null)
                .Select(d => new SourceAttributeDefinition(d.Code!, d.Name ?? d.Code!, d.DataType ?? "STRING", custom, d.IsArray ?? false));
        return Map(response?.StandardProfileAttributes, false).Concat(Map(response?.CustomProfileAttributes, true)).ToList();
    }

    /// <summary>Standard and custom event definitions; definitions with neither code nor name are left out.</summary>
    public async Task<IReadOnlyList<SourceEventDefinition>> GetEventDefinitionsAsync(CancellationToken cancellationToken)
    {
        var response = await Call(() => api.GetEventDefinitionsAsync(cancellationToken)).ConfigureAwait(false);
        static IEnumerable<SourceEventDefinition> Map(IReadOnlyList<NetmeraEventDefinition>? items, bool custom) =>
            (items ?? []).Where(d => (d.AnyCode ?? d.Name ?? d.Label) is not null)
                .Select(d => new SourceEventDefinition(d.AnyCode ?? d.Name ?? d.Label!, d.Name ?? d.Label ?? d.AnyCode!, custom, d.AttributeNames()));
        return Map(response?.StandardEvents, false).Concat(Map(response?.CustomEvents, true)).ToList();
    }

    // Segments ------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<NetmeraSegment>> GetSegmentsAsync(CancellationToken cancellationToken) =>
        (await Call(() => api.GetSegmentsAsync(Os, cancellationToken)).ConfigureAwait(false))?.List ?? [];

    /// <summary>
    /// One page of a segment's members: the first page when <paramref name="nextPage"/> is null, else
    /// the page that URL names. <paramref name="pageSize"/> is held to Netmera's 100–1,000.
    /// </summary>
    public async Task<NetmeraSegmentUsersPage> GetSegmentUsersPageAsync(
        long segmentId, int pageSize, string? nextPage, CancellationToken cancellationToken)
    {
        var page = nextPage is null
            ? await Call(() => api.GetSegmentUsersAsync(segmentId.ToString(CultureInfo.InvariantCulture),
                Math.Clamp(pageSize, MinSegmentPageSize, MaxPageSize), Os, cancellationToken)).ConfigureAwait(false)
            : await FollowAsync<NetmeraSegmentUsersPage>(nextPage, Os, cancellationToken).ConfigureAwait(false);
        return page ?? throw new NetmeraApiException(null, HttpStatusCode.OK, "Netmera returned an empty segment page.");
    }

    /// <summary>Every page of a segment's members, in Netmera's order, guarded against nextPage loops.</summary>
    public async IAsyncEnumerable<NetmeraSegmentUsersPage> GetSegmentUserPagesAsync(
        long segmentId, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var guard = new NextPageGuard("getSegmentUsers", options.MaxEmptyPagesInARow);
        string? next = null;
        do
        {
            var page = await GetSegmentUsersPageAsync(segmentId, pageSize, next, cancellationToken).ConfigureAwait(false);
            yield return page;
            next = guard.Advance(page.NextPage, page.List?.Count ?? 0);
        }
        while (next is not null);
    }

    // Users ---------------------------------------------------------------------------------------

    /// <summary>A user's profile attributes, or null when Netmera does not know the user (5016).</summary>
    public async Task<IReadOnlyDictionary<string, JsonElement>?> GetProfileAsync(string extId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Call(() => api.GetProfileAttributesAsync(extId, cancellationToken)).ConfigureAwait(false);
            return response?.Profile ?? new Dictionary<string, JsonElement>();
        }
        catch (NetmeraApiException e) when (e.Code == NetmeraApiException.UserNotFound)
        {
            return null;
        }
    }

    /// <summary>A user's installed devices (an unknown user has none: Netmera answers 200 with an empty list).</summary>
    public async Task<IReadOnlyList<SourceDevice>> GetDevicesAsync(string extId, CancellationToken cancellationToken)
    {
        var response = await Call(() => api.GetDevicesAsync(extId, cancellationToken)).ConfigureAwait(false);
        return (response?.Devices ?? []).Select(d => d.ToSourceDevice()).ToList();
    }

    /// <summary>
    /// Reads profile and devices of many users, at most <paramref name="maxParallelism"/> users at a
    /// time, and answers in the order given: element i belongs to member i, null when the member has no
    /// external id or Netmera does not know it (the caller rejects those with its reason). Identifiers
    /// from the listing (email, MSISDN) are carried over. If Netmera refuses for quota, the whole call
    /// fails with <see cref="NetmeraQuotaExceededException"/> (no partial result: the batch is read again
    /// after the pause).
    /// </summary>
    public async Task<IReadOnlyList<SourceUser?>> ReadUsersAsync(
        IReadOnlyList<NetmeraSegmentMember> members, int maxParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        var users = new SourceUser?[members.Count];
        var work = Parallel.ForEachAsync(Enumerable.Range(0, members.Count),
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var member = members[i];
                if (string.IsNullOrWhiteSpace(member.ExternalId))
                    return;
                var profile = await GetProfileAsync(member.ExternalId, ct).ConfigureAwait(false);
                if (profile is null)
                    return;
                var devices = await GetDevicesAsync(member.ExternalId, ct).ConfigureAwait(false);
                users[i] = new SourceUser
                {
                    ExtId = member.ExternalId,
                    Email = member.Email,
                    Msisdn = member.Msisdn,
                    Profile = profile,
                    Devices = devices,
                };
            });
        try
        {
            await work.ConfigureAwait(false);
        }
        catch when (work.Exception?.InnerExceptions.OfType<NetmeraQuotaExceededException>().FirstOrDefault() is { } quota)
        {
            // Several workers may fail at once; the quota refusal decides what the phase does next.
            ExceptionDispatchInfo.Throw(quota);
        }
        return users;
    }

    /// <inheritdoc cref="ReadUsersAsync(IReadOnlyList{NetmeraSegmentMember}, int, CancellationToken)"/>
    public Task<IReadOnlyList<SourceUser?>> ReadUsersAsync(IReadOnlyList<string> extIds, int maxParallelism, CancellationToken cancellationToken) =>
        ReadUsersAsync(extIds.Select(id => new NetmeraSegmentMember(id, null, null)).ToList(), maxParallelism, cancellationToken);

    // Installations -------------------------------------------------------------------------------

    /// <summary>
    /// One page of every installation (<c>getDeviceTokens</c>): the first when <paramref name="nextPage"/>
    /// is null. Netmera's order is not guaranteed and its total is an estimate.
    /// </summary>
    public async Task<NetmeraDeviceTokensPage> GetDeviceTokensPageAsync(int pageSize, string? nextPage, CancellationToken cancellationToken)
    {
        var page = nextPage is null
            ? await Call(() => api.GetDeviceTokensAsync(Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken)).ConfigureAwait(false)
            : await FollowAsync<NetmeraDeviceTokensPage>(nextPage, null, cancellationToken).ConfigureAwait(false);
        return page ?? throw new NetmeraApiException(null, HttpStatusCode.OK, "Netmera returned an empty device token page.");
    }

    /// <summary>Every page of <c>getDeviceTokens</c>, guarded against nextPage loops.</summary>
    public async IAsyncEnumerable<NetmeraDeviceTokensPage> GetDeviceTokenPagesAsync(int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var guard = new NextPageGuard("getDeviceTokens", options.MaxEmptyPagesInARow);
        string? next = null;
        do
        {
            var page = await GetDeviceTokensPageAsync(pageSize, next, cancellationToken).ConfigureAwait(false);
            yield return page;
            next = guard.Advance(page.NextPage, page.Devices?.Count ?? 0);
        }
        while (next is not null);
    }

    // Campaigns -----------------------------------------------------------------------------------

    /// <summary>Headline numbers of one notification, or null when Netmera knows no such key.</summary>
    public async Task<SourceCampaign?> GetPushStatsAsync(long notificationKey, CancellationToken cancellationToken)
    {
        try
        {
            var stats = await Call(() => api.GetPushStatsByKeyAsync(notificationKey, cancellationToken)).ConfigureAwait(false);
            return stats?.ToSourceCampaign();
        }
        catch (NetmeraApiException e) when (e.Code == NetmeraApiException.MessageNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Every notification Netmera reports for the range (the only REST way to list sent campaigns:
    /// keys and counts, no content). Items without a key are left out.
    /// </summary>
    public async Task<IReadOnlyList<SourceCampaign>> GetPushStatsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        if (end < start)
            throw new ArgumentException("The range ends before it starts.", nameof(end));
        var list = await Call(() => api.GetPushStatsByRangeAsync(
            NetmeraTime.ToEpochMilliseconds(start), NetmeraTime.ToEpochMilliseconds(end), cancellationToken)).ConfigureAwait(false);
        return (list?.Messages ?? []).Select(m => m.ToSourceCampaign()).OfType<SourceCampaign>().ToList();
    }

    /// <summary>
    /// The range read in consecutive windows (each <c>[from, from + window)</c>, the last one cut at
    /// <paramref name="end"/>), so no single answer is huge; a key reported by two windows is yielded
    /// once, from the first.
    /// </summary>
    public async IAsyncEnumerable<SourceCampaign> GetPushStatsInWindowsAsync(
        DateTimeOffset start, DateTimeOffset end, TimeSpan window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var from = start; from < end; from += window)
        {
            var to = from + window < end ? from + window - TimeSpan.FromMilliseconds(1) : end;
            foreach (var campaign in await GetPushStatsAsync(from, to, cancellationToken).ConfigureAwait(false))
            {
                if (seen.Add(campaign.Key))
                    yield return campaign;
            }
        }
    }

    /// <summary>
    /// One page of delivery rows: the first when <paramref name="nextPage"/> is null. Rows without a
    /// time or status are counted in <see cref="NetmeraPushResultsPage.Unusable"/>, not returned.
    /// </summary>
    public async Task<NetmeraPushResultsPage> GetPushResultsPageAsync(
        NetmeraPushResultQuery query, int pageSize, string? nextPage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.NotificationKey) && string.IsNullOrWhiteSpace(query.ExtId) && string.IsNullOrWhiteSpace(query.Token))
            throw new ArgumentException("getPushResult needs a notification key, an external id or a token (Netmera answers 2009 otherwise).", nameof(query));

        var response = nextPage is null
            ? await Call(() => api.GetPushResultAsync(
                Blank(query.NotificationKey), Blank(query.ExtId), Blank(query.Token),
                query.Start is { } s ? NetmeraTime.ToEpochMilliseconds(s) : null,
                query.End is { } e ? NetmeraTime.ToEpochMilliseconds(e) : null,
                Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken)).ConfigureAwait(false)
            : await FollowAsync<NetmeraPushResultsResponse>(nextPage, null, cancellationToken).ConfigureAwait(false);

        var rows = response?.List ?? [];
        var results = new List<SourcePushResult>(rows.Count);
        var unusable = 0;
        foreach (var row in rows)
        {
            if (row?.ToSourcePushResult(Blank(query.NotificationKey)) is { } result)
                results.Add(result);
            else
                unusable++;
        }
        return new NetmeraPushResultsPage(results, unusable, string.IsNullOrWhiteSpace(response?.NextPage) ? null : response.NextPage);

        static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Every page of delivery rows for the query (e.g. a user's message history), guarded against loops.</summary>
    public async IAsyncEnumerable<NetmeraPushResultsPage> GetPushResultPagesAsync(
        NetmeraPushResultQuery query, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var guard = new NextPageGuard("getPushResult", options.MaxEmptyPagesInARow);
        string? next = null;
        do
        {
            var page = await GetPushResultsPageAsync(query, pageSize, next, cancellationToken).ConfigureAwait(false);
            yield return page;
            next = guard.Advance(page.NextPage, page.Results.Count + page.Unusable);
        }
        while (next is not null);
    }

    // Counts --------------------------------------------------------------------------------------

    /// <summary>
    /// Users matching a targeting query (<c>targeting/count</c>), e.g.
    /// <c>{"profile":{"email":{"$exists":true}}}</c>. Counts may be 2–3 hours stale.
    /// </summary>
    public async Task<long> CountUsersAsync(JsonObject target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var response = await Call(() => api.CountAsync(new NetmeraCountRequest(target), cancellationToken)).ConfigureAwait(false);
        return response?.Count ?? throw new NetmeraApiException(null, HttpStatusCode.OK, "Netmera answered targeting/count without a count.");
    }

    /// <summary>Users who have (or lack) a profile attribute.</summary>
    public Task<long> CountUsersWithAttributeAsync(string code, bool exists, CancellationToken cancellationToken) =>
        CountUsersAsync(new JsonObject { ["profile"] = new JsonObject { [code] = new JsonObject { ["$exists"] = exists } } }, cancellationToken);

    /// <summary>
    /// Distinct users per value of one attribute (<c>targeting/count-batch</c>). When
    /// <paramref name="values"/> has more than 1,000 distinct entries it is sent in requests of at most
    /// 1,000 and the answers are merged: each value's count stands alone, so splitting changes nothing.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CountUsersByAsync(
        NetmeraGroupBy groupBy, IReadOnlyList<string>? values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupBy);
        if ((groupBy.Profile is null) == (groupBy.Installation is null))
            throw new ArgumentException("groupBy needs exactly one of profile or installation.", nameof(groupBy));

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var requests = values is null ? [null] : NetmeraBatches.Split(values).Select(b => (IReadOnlyList<string>?)b).ToList();
        foreach (var batch in requests)
        {
            var response = await Call(() => api.CountBatchAsync(new NetmeraCountBatchRequest(groupBy, batch), cancellationToken)).ConfigureAwait(false);
            foreach (var (value, count) in response?.Counts ?? new Dictionary<string, long>())
                counts[value] = count;
        }
        return counts;
    }

    // Plumbing ------------------------------------------------------------------------------------

    /// <summary>Fetches a nextPage URL, which must point at the connection's own scheme, host and port.</summary>
    private async Task<T?> FollowAsync<T>(string nextPage, string? os, CancellationToken cancellationToken)
    {
        var url = ResolveNextPage(nextPage);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (os is not null)
            request.Headers.Add("X-netmera-os", os);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ToException(response.StatusCode, body, response.Headers.RetryAfter, null);
        }
        if (response.Content.Headers.ContentLength == 0)
            return default;
        return await response.Content.ReadFromJsonAsync<T>(NetmeraJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The absolute URL of a nextPage. Netmera sends absolute URLs; a relative one is read against the
    /// connection's base. Anything not on the connection's scheme, host and port is refused, so the key
    /// never travels elsewhere.
    /// </summary>
    public Uri ResolveNextPage(string nextPage)
    {
        if (!Uri.TryCreate(nextPage, UriKind.RelativeOrAbsolute, out var parsed))
            throw new NetmeraPagingException("Netmera's nextPage is not a URL; stopping.");
        var url = parsed.IsAbsoluteUri ? parsed : new Uri(connection.BaseUrl, parsed);
        if (Uri.Compare(url, connection.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            throw new NetmeraPagingException(
                $"Netmera's nextPage points at another host ({url.Host}); refusing to send the API key there.");
        return url;
    }

    private async Task<T?> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw ToException(e.StatusCode, e.Content, e.Headers?.RetryAfter, e);
        }
    }

    private NetmeraApiException ToException(HttpStatusCode status, string? body, RetryConditionHeaderValue? retryAfter, Exception? inner)
    {
        NetmeraErrorBody? error = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try { error = JsonSerializer.Deserialize<NetmeraErrorBody>(body, NetmeraJson.Options); }
            catch (JsonException) { /* not Netmera's error shape (an RFC 9457 page, text/plain): report the status */ }
        }

        var code = error?.Code;
        var meaning = status == HttpStatusCode.TooManyRequests && code is null
            ? "Netmera is refusing requests for now (429, still refused after the client's retries): the phase must wait before reading more"
            : NetmeraApiException.Describe(code, status);
        var message = $"Netmera {(int)status}{(code is { } c ? $" code {c}" : "")}: {meaning}" +
                      (error?.Error is { Length: > 0 } text ? $" ({text})" : "");

        if (code == NetmeraApiException.QuotaExceeded || (status == HttpStatusCode.TooManyRequests && code is null))
        {
            var now = time.GetUtcNow();
            var resumeAt = now + options.QuotaPause;
            if (retryAfter?.Delta is { } delta && now + delta > resumeAt)
                resumeAt = now + delta;
            else if (retryAfter?.Date is { } date && date > resumeAt)
                resumeAt = date;
            return new NetmeraQuotaExceededException(code, status, resumeAt,
                $"{message}; resume after {resumeAt.ToString("u", CultureInfo.InvariantCulture)}", inner);
        }
        return new NetmeraApiException(code, status, message, inner);
    }
}
