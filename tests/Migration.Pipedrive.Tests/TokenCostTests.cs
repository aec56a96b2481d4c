using Migration.Tests.Shared.Contracts;

namespace Migration.Pipedrive.Tests;

/// <summary>The governor's price list is the specs' <c>x-token-cost</c>, operation by operation.</summary>
[Collection("contracts")]
public sealed class TokenCostTests(ContractSpecs specs)
{
    [SkippableFact]
    public void Every_priced_operation_costs_what_the_spec_says()
    {
        var spec = specs.Pipedrive;
        var rows = TokenCostRow.Load(specs.Location.PipedriveTokenCosts);
        foreach (var (method, template, cost) in TokenCosts.All)
        {
            var path = template.Replace("{id}", "17", StringComparison.Ordinal).Replace("{field_code}", new string('a', 40), StringComparison.Ordinal);
            Assert.True(spec.TokenCost(new HttpMethod(method), path) == cost, $"{method} {template}: spec says {spec.TokenCost(new HttpMethod(method), path)}, we say {cost}");
            var row = Assert.Single(rows, r => r.Method == method && r.Path == template);
            Assert.Equal(row.Cost, cost);
            Assert.False(row.Deprecated, $"{method} {template} is deprecated in the spec");
        }
    }

    [Fact]
    public void Concrete_paths_find_their_template()
    {
        Assert.Equal(1, TokenCosts.For(HttpMethod.Get, "/api/v2/persons/123"));
        Assert.Equal(20, TokenCosts.For(HttpMethod.Get, "/api/v2/persons/search"));
        Assert.Equal(5, TokenCosts.For(HttpMethod.Post, "/api/v2/dealFields/" + new string('f', 40) + "/options"));
        Assert.Null(TokenCosts.For(HttpMethod.Get, "/api/v2/persons/1/followers"));
        Assert.True(TokenCosts.IsSearch("/api/v2/itemSearch/field"));
        Assert.False(TokenCosts.IsSearch("/api/v2/persons"));
    }
}
