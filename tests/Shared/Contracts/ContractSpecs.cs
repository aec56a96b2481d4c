namespace Migration.Tests.Shared.Contracts;

/// <summary>
/// The specs, parsed once per test collection (the Pipedrive files are 1.8 MB and 1 MB of YAML). Loading is lazy
/// so that a missing spec folder turns into a skip with <see cref="SpecsLocation.Reason"/>, not a fixture failure.
/// A test project that links this file declares its own collection, e.g.
/// <c>[CollectionDefinition("contracts")] public sealed class ContractCollection : ICollectionFixture&lt;ContractSpecs&gt;;</c>
/// </summary>
public sealed class ContractSpecs
{
    private readonly Lazy<PipedriveSpec> pipedrive;
    private readonly Lazy<OpenApiContract> netmera;

    public ContractSpecs()
    {
        Location = SpecsLocation.Find();
        pipedrive = new Lazy<PipedriveSpec>(() => PipedriveSpec.Load(Location));
        netmera = new Lazy<OpenApiContract>(() => OpenApiContract.Load(Location.Netmera));
    }

    public SpecsLocation Location { get; }

    /// <summary>Both Pipedrive files, for request and response checks by method and path.</summary>
    public PipedriveSpec Pipedrive
    {
        get
        {
            Skip.IfNot(Location.Found, Location.Reason);
            return pipedrive.Value;
        }
    }

    public OpenApiContract PipedriveV2 => Pipedrive.V2;

    public OpenApiContract PipedriveV1 => Pipedrive.V1;

    public OpenApiContract Netmera
    {
        get
        {
            Skip.IfNot(Location.Found, Location.Reason);
            return netmera.Value;
        }
    }
}
