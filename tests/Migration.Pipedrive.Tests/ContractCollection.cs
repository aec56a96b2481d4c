using Migration.Tests.Shared.Contracts;

namespace Migration.Pipedrive.Tests;

[CollectionDefinition("contracts")]
public sealed class ContractCollection : ICollectionFixture<ContractSpecs>;
