using System.CommandLine;
using System.Text.Json.Nodes;
using Migration.Cli.Views;

namespace Migration.Cli.Commands;

/// <summary>
/// <c>estimate</c>: tokens and time before a run starts (POST /api/estimates, docs/estimator.md), from counts
/// on the command line or a request file.
/// </summary>
public static class EstimateCommand
{
    public static IEnumerable<Command> All(CliEnvironment environment)
    {
        var file = new Option<FileInfo?>("--file") { Description = "A JSON estimate request; options given as well override its values." };
        var users = new Option<long?>("--users") { Description = "Users in scope after duplicates are merged (one person each)." };
        var organizations = new Option<long?>("--organizations") { Description = "Organizations the users name." };
        var eventsPerUser = new Option<double?>("--events-per-user") { Description = "Events in the event export per user, every type." };
        var campaigns = new Option<long?>("--campaigns") { Description = "Campaigns with delivery data (one deal each)." };
        var touchpoints = new Option<long?>("--touchpoints") { Description = "Engaged (campaign, person) pairs (one touchpoint activity each)." };
        var segments = new Option<long?>("--segments") { Description = "Segments moved as filters." };
        var summarised = new Option<double?>("--summarised-event-share") { Description = "Share of events the map summarises into person fields (0-1)." };
        var noTouchpoints = new Option<bool>("--no-touchpoints") { Description = "Make no touchpoint activities (touchpointStatuses: [])." };
        var noFilters = new Option<bool>("--no-filters") { Description = "Move no segments as filters (segments: \"none\")." };
        var verification = new Option<double?>("--verification-share") { Description = "Share of loaded persons read back (default 1)." };
        var sample = new Option<int?>("--sample-size") { Description = "Persons in the sample migration (default 100)." };
        var plan = new Option<string?>("--plan") { Description = "Pipedrive plan: lite, growth, professional, premium, ultimate (default lite)." };
        var seats = new Option<int?>("--seats") { Description = "Paid seats (default 1)." };
        var topUps = new Option<long?>("--top-up-tokens") { Description = "Purchased daily top-up tokens (default 0)." };
        var oauth = new Option<bool>("--oauth") { Description = "The run uses an OAuth app (four times the burst)." };
        var command = new Command("estimate", "Tokens, days and burst hours a run needs, and the options that cut them most.")
        {
            file, users, organizations, eventsPerUser, campaigns, touchpoints, segments, summarised, noTouchpoints, noFilters,
            verification, sample, plan, seats, topUps, oauth,
        };
        CommandContext.Bind(command, environment, async (context, ct) =>
        {
            var p = context.Parse;
            var request = p.GetValue(file) is { } f ? JsonNode.Parse(CommandContext.ReadJsonFile(f, "The estimate file")) as JsonObject
                ?? throw new UsageException("The estimate file must hold a JSON object.") : [];
            var counts = Section(request, "counts");
            Set(counts, "users", p.GetValue(users));
            Set(counts, "organizations", p.GetValue(organizations));
            Set(counts, "eventsPerUser", p.GetValue(eventsPerUser));
            Set(counts, "campaigns", p.GetValue(campaigns));
            Set(counts, "touchpoints", p.GetValue(touchpoints));
            Set(counts, "segments", p.GetValue(segments));
            var options = Section(request, "options");
            Set(options, "summarisedEventShare", p.GetValue(summarised));
            Set(options, "touchpoints", p.GetValue(noTouchpoints) ? false : (bool?)null);
            Set(options, "filters", p.GetValue(noFilters) ? false : (bool?)null);
            Set(options, "verificationShare", p.GetValue(verification));
            Set(options, "sampleSize", p.GetValue(sample));
            var pipedrive = Section(request, "pipedrive");
            Set(pipedrive, "plan", p.GetValue(plan));
            Set(pipedrive, "seats", p.GetValue(seats));
            Set(pipedrive, "topUpTokens", p.GetValue(topUps));
            Set(pipedrive, "oauth", p.GetValue(oauth) ? true : (bool?)null);
            if (counts["users"] is null)
                throw new UsageException("--users (or counts.users in --file) is required: the users the run moves.");

            var answer = await context.Host.PostAsync("api/estimates", request.ToJsonString(), ct).ConfigureAwait(false);
            return await context.FinishAsync(answer, "estimates", a => EstimateView.Render(a.Json!)).ConfigureAwait(false);
        });
        return [command];
    }

    private static JsonObject Section(JsonObject request, string name)
    {
        if (request[name] is JsonObject section)
            return section;
        var created = new JsonObject();
        request[name] = created;
        return created;
    }

    private static void Set<T>(JsonObject section, string name, T? value) where T : struct
    {
        if (value is { } v)
            section[name] = JsonValue.Create(v);
    }

    private static void Set(JsonObject section, string name, string? value)
    {
        if (value is not null)
            section[name] = value;
    }
}
