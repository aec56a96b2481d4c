using Migration.Sandbox.Dataset;
using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Netmera;

/// <summary>Campaign statistics (getPushStats) and per-user delivery rows (getPushResult), from the dataset's campaigns.</summary>
internal static class NetmeraPushEndpoints
{
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 1000;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(14);

    public static void MapPushStatistics(this WebApplication app, NetmeraPopulation population, TimeProvider clock)
    {
        app.MapOperation("GET", NetmeraEndpoints.Prefix, "getPushStats", "getPushStats", (HttpContext context) => GetPushStats(context, population));
        app.MapOperation("GET", NetmeraEndpoints.Prefix, "getPushResult", "getPushResult", (HttpContext context) => GetPushResult(context, population, clock));
    }

    private static IResult GetPushStats(HttpContext context, NetmeraPopulation population)
    {
        var request = context.Request;
        if (!NetmeraReply.TryInteger(request, "notificationKey", out var key, out var error)
            || !NetmeraReply.TryInteger(request, "start", out var start, out error)
            || !NetmeraReply.TryInteger(request, "end", out var end, out error))
        {
            return error!;
        }

        if (key is { } k)
        {
            return k is < int.MinValue or > int.MaxValue || !population.CampaignsByKey.TryGetValue((int)k, out var campaign)
                ? UnknownMessage()
                : Results.Json(Stats(campaign, population), NetmeraWire.Json);
        }

        if (start is null || end is null)
        {
            return NetmeraReply.Missing("notificationKey, or start and end");
        }

        // Sent messages whose send time falls in [start, end], newest first as the spec's example lists them.
        var messages = population.Catalog.Campaigns
            .Where(c => c.WasSent && c.SendAt >= start && c.SendAt <= end)
            .OrderByDescending(c => c.SendAt)
            .Select(c => Stats(c, population))
            .ToArray();
        return Results.Json(new PushStatsList(messages), NetmeraWire.Json);
    }

    private static IResult UnknownMessage() => NetmeraReply.BadRequest(5003, "Message with given messageId could not be found");

    private static PushStats Stats(SourceCampaign campaign, NetmeraPopulation population)
    {
        // Unsent campaigns (scheduled, draft) are known keys with nothing sent yet: zero counts, no dates.
        var tallies = population.StatsOf(campaign.Key)?.Platforms
            ?? (campaign.Channel == SourceChannel.Push ? campaign.Platforms.Select(SourceActivity.StatsPlatform).Distinct() : [campaign.Channel])
                .Select(p => new SourcePlatformTally(p, 0, 0, 0, 0, 0)).ToArray();
        var sending = campaign.Status == "SENDING";
        return new PushStats(
            campaign.Key,
            campaign.Status,
            campaign.WasSent ? campaign.SendAt : null,
            campaign.WasSent && !sending ? campaign.SendAt + (long)TimeSpan.FromMinutes(30).TotalMilliseconds : null,
            tallies.Select(t => new PlatformStats(t.Platform, t.Sent, t.Failed, t.Clicked)).ToArray());
    }

    private static IResult GetPushResult(HttpContext context, NetmeraPopulation population, TimeProvider clock)
    {
        var request = context.Request;
        if (!NetmeraReply.TryInteger(request, "max", out var maxAsked, out var error))
        {
            return error!;
        }

        var max = (int)Math.Clamp(maxAsked ?? DefaultPageSize, 1, MaxPageSize);
        PushResultCursor cursor;
        var offset = request.Query["offset"].ToString();
        if (offset.Length > 0)
        {
            // The token carries the query: nextPage has nothing but offset and max.
            if (PushResultCursor.Decode(offset) is not { } decoded)
            {
                return NetmeraReply.BadRequest(2004, "Field 'offset' is not a valid page token");
            }

            cursor = decoded;
        }
        else if (!TryStart(request, population, clock, out cursor, out error))
        {
            return error!;
        }

        var rows = Rows(population, cursor).Take(max + 1).ToList();
        string? nextPage = null;
        if (rows.Count > max)
        {
            var (position, _) = rows[max - 1];
            nextPage = NetmeraReply.NextPage(request, "getPushResult", $"offset={position.Encode()}&max={max}");
            rows.RemoveAt(max);
        }

        return Results.Json(
            new PushResultPage(nextPage, rows.Select(r => Item(r.Row, population.CampaignsByKey[r.Row.NotificationKey])).ToArray()),
            NetmeraWire.Json);
    }

    private static bool TryStart(HttpRequest request, NetmeraPopulation population, TimeProvider clock, out PushResultCursor cursor, out IResult? error)
    {
        cursor = null!;
        var keyText = request.Query["notificationKey"].ToString();
        var extId = request.Query["extId"].ToString();
        var token = request.Query["token"].ToString();
        if (keyText.Length == 0 && extId.Length == 0 && token.Length == 0)
        {
            // The reference: without any of the three the call is refused with 2009.
            error = NetmeraReply.BadRequest(2009, "At least one of notificationKey, extId or token is required");
            return false;
        }

        int? key = null;
        if (keyText.Length > 0)
        {
            if (!int.TryParse(keyText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k)
                || !population.CampaignsByKey.ContainsKey(k))
            {
                error = UnknownMessage();
                return false;
            }

            key = k;
        }

        if (extId.Length > 0 && !population.ByExtId.ContainsKey(extId))
        {
            error = NetmeraReply.BadRequest(5016, "The external id is not found in the current application");
            return false;
        }

        if (!NetmeraReply.TryInteger(request, "start", out var start, out error) || !NetmeraReply.TryInteger(request, "end", out var end, out error))
        {
            return false;
        }

        // Without a window, the last two weeks on the simulator's clock (the spec's default).
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var from = start ?? (end ?? now) - (long)DefaultWindow.TotalMilliseconds;
        var until = end ?? (start is null ? now : long.MaxValue);
        if (from > until)
        {
            error = NetmeraReply.BadRequest(2004, "Field 'start' should not be after 'end'");
            return false;
        }

        cursor = new PushResultCursor(key, extId.Length > 0 ? extId : null, token.Length > 0 ? token : null, from, until, 0, 0, 0);
        error = null;
        return true;
    }

    /// <summary>
    /// The matching rows from the cursor on, each with the cursor that resumes after it. Users in dataset order,
    /// campaigns in catalog order, rows in time order within them: stable, so every row is visited once.
    /// </summary>
    private static IEnumerable<(PushResultCursor Next, SourceDelivery Row)> Rows(NetmeraPopulation population, PushResultCursor cursor)
    {
        IEnumerable<int> users = cursor switch
        {
            { ExtId: { } extId } => population.ByExtId.TryGetValue(extId, out var user) ? [user.Index] : [],
            { Token: { } token } => population.UsersWithToken(token),
            _ => Enumerable.Range(0, population.Users.Count),
        };
        var campaigns = population.Catalog.Campaigns;
        foreach (var userIndex in users.Where(u => u >= cursor.User))
        {
            var user = population.Users[userIndex];
            if (cursor.Token is { } t && !user.Devices.Any(d => d.Token == t))
            {
                continue;
            }

            for (var c = userIndex == cursor.User ? cursor.Campaign : 0; c < campaigns.Count; c++)
            {
                var campaign = campaigns[c];
                if (cursor.NotificationKey is { } key && campaign.Key != key)
                {
                    continue;
                }

                var rows = SourceActivity.DeliveriesOf(user, campaign, population.Seed).Rows;
                for (var r = userIndex == cursor.User && c == cursor.Campaign ? cursor.Row : 0; r < rows.Count; r++)
                {
                    var row = rows[r];
                    if (row.Time >= cursor.Start && row.Time <= cursor.End && (cursor.Token is null || row.Token == cursor.Token))
                    {
                        yield return (cursor with { User = userIndex, Campaign = c, Row = r + 1 }, row);
                    }
                }
            }
        }
    }

    private static PushResultItem Item(SourceDelivery row, SourceCampaign campaign) => new(
        row.Platform,
        row.Status,
        row.ErrorCode,
        row.ErrorMessage,
        row.InstallationId,
        row.ExtId,
        row.Time,
        campaign.Title.Length == 0 ? null : campaign.Title,
        campaign.Message);
}
