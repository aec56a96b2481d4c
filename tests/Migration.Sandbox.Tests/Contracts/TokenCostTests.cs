using System.Net;

namespace Migration.Sandbox.Tests.Contracts;

/// <summary>The costs the simulator charges are the spec's, operation by operation.</summary>
[Collection(ContractCollection.Name)]
public sealed class TokenCostTests(ContractSpecs specs)
{
    [SkippableFact]
    public void Every_implemented_operation_costs_what_token_costs_tsv_and_the_spec_say()
    {
        var spec = specs.Pipedrive;
        var table = TokenCostRow.Load(specs.Location.PipedriveTokenCosts).ToDictionary(r => r.Key, StringComparer.Ordinal);

        Assert.Equal(PipedriveSimulator.Operations.Count, PipedriveSimulator.Operations.Select(o => o.Key).Distinct().Count());
        foreach (var operation in PipedriveSimulator.Operations)
        {
            Assert.True(table.TryGetValue(operation.Key, out var row), $"{operation.Key} is not in token-costs.tsv");
            Assert.True(row.Cost == operation.TokenCost, $"{operation.Key}: the simulator charges {operation.TokenCost}, token-costs.tsv says {row.Cost}");
            Assert.Equal(row.OperationId, operation.OperationId);
            Assert.False(row.Deprecated, $"{operation.Key} is deprecated");

            var described = spec.FindOperation(new HttpMethod(operation.Method), new Uri(operation.PathTemplate, UriKind.Relative));
            Assert.True(described is not null, $"{operation.Key} is not in the spec");
            Assert.Equal(operation.PathTemplate, described.Path);
            Assert.True(described.TokenCost == operation.TokenCost, $"{operation.Key}: the simulator charges {operation.TokenCost}, x-token-cost is {described.TokenCost}");
        }
    }

    [SkippableFact]
    public void The_table_and_both_files_agree_row_by_row()
    {
        var spec = specs.Pipedrive;
        var rows = TokenCostRow.Load(specs.Location.PipedriveTokenCosts);
        Assert.Equal(213 + 158, rows.Count);
        Assert.Equal(rows.Count, spec.Operations.Count);
        foreach (var row in rows)
        {
            Assert.Equal(row.Cost, spec.TokenCost(new HttpMethod(row.Method), row.Path));
        }
    }

    [SkippableFact]
    public void The_search_window_applies_to_exactly_the_search_operations()
    {
        _ = specs.Pipedrive;
        var search = PipedriveSimulator.Operations.Where(o => o.IsSearch).Select(o => o.OperationId).Order().ToList();
        Assert.Equal(["searchDeals", "searchItem", "searchItemByField", "searchOrganization", "searchPersons"], search);
    }

    [SkippableFact]
    public async Task Every_icon_key_of_the_spec_is_accepted_and_nothing_else()
    {
        var icons = specs.PipedriveV1.RequestBodySchema("/activityTypes", "post")!["properties"]!["icon_key"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(40, icons.Count);

        await using var simulator = await PipedriveSimulator.StartAsync(new PipedriveSimulatorOptions { ApiToken = "icons" });
        using var client = JsonHttp.Client(simulator.BaseAddress, "x-api-token", "icons");
        foreach (var icon in icons)
        {
            var reply = await client.PostJsonAsync("/api/v1/activityTypes", new { name = "Type " + icon, icon_key = icon });
            Assert.True(reply.Status == HttpStatusCode.OK, $"{icon}: {reply}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/api/v1/activityTypes", new { name = "Rocket", icon_key = "rocket" })).Status);
    }
}
