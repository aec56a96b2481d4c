namespace Migration.Sandbox.Tests.Contracts;

/// <summary>The specs are parsed once for every test that needs them (tests/Shared/Contracts/ContractSpecs).</summary>
[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractSpecs>
{
    public const string Name = "contracts";
}
