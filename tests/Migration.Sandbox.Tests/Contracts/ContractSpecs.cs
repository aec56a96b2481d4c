namespace Migration.Sandbox.Tests.Contracts;

/// <summary>
/// The specs, parsed once per test run (the Pipedrive v2 file is about 1 MB of YAML). Loading is lazy so that
/// a missing spec folder turns into a skip with <see cref="SpecsLocation.Reason"/>, not a fixture failure.
/// </summary>
public sealed class ContractSpecs
{
    private readonly Lazy<OpenApiContract> pipedrive;
    private readonly Lazy<OpenApiContract> netmera;

    public ContractSpecs()
    {
        Location = SpecsLocation.Find();
        pipedrive = new Lazy<OpenApiContract>(() => OpenApiContract.Load(Location.PipedriveV2));
        netmera = new Lazy<OpenApiContract>(() => OpenApiContract.Load(Location.Netmera));
    }

    public SpecsLocation Location { get; }

    public OpenApiContract PipedriveV2
    {
        get
        {
            Skip.IfNot(Location.Found, Location.Reason);
            return pipedrive.Value;
        }
    }

    public OpenApiContract Netmera
    {
        get
        {
            Skip.IfNot(Location.Found, Location.Reason);
            return netmera.Value;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractSpecs>
{
    public const string Name = "contracts";
}
