namespace Migration.Tests.Shared.Contracts;

/// <summary>
/// Where the vendors' official specs are: <c>MIGRATION_SPECS_DIR</c> (a folder holding <c>pipedrive/</c> and
/// <c>netmera/</c>), else <c>../shared/specs</c> beside the folder that holds <c>Migration.sln</c>. When neither
/// exists, <see cref="Reason"/> says why, so contract tests skip visibly instead of passing. The specs are never
/// copied into the repository. Small and dependency-free on purpose: other test projects link it (tests/Shared/Contracts).
/// </summary>
public sealed record SpecsLocation(string? Directory, string Reason)
{
    public const string EnvironmentVariable = "MIGRATION_SPECS_DIR";

    public static readonly IReadOnlyList<string> RequiredFiles =
    [
        Path.Combine("pipedrive", "openapi-v1.yaml"),
        Path.Combine("pipedrive", "openapi-v2.yaml"),
        Path.Combine("pipedrive", "token-costs.tsv"),
        Path.Combine("netmera", "netmera-rest-api.yaml"),
    ];

    public bool Found => Directory is not null;

    public string PipedriveV1 => File(Path.Combine("pipedrive", "openapi-v1.yaml"));

    public string PipedriveV2 => File(Path.Combine("pipedrive", "openapi-v2.yaml"));

    /// <summary>The per-operation <c>x-token-cost</c> table derived from both Pipedrive files (see its SOURCE.md).</summary>
    public string PipedriveTokenCosts => File(Path.Combine("pipedrive", "token-costs.tsv"));

    public string Netmera => File(Path.Combine("netmera", "netmera-rest-api.yaml"));

    public static SpecsLocation Find() => Find(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    public static SpecsLocation Find(string? configured, string startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // An explicit setting that is wrong is reported, not silently replaced by a guess.
            return Check(Path.GetFullPath(configured), $"{EnvironmentVariable}={configured}");
        }

        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Migration.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "specs"));
                return Check(candidate, $"../shared/specs beside {dir.FullName}");
            }
        }

        return new SpecsLocation(null, $"specs not found: {EnvironmentVariable} is not set and no folder above {startDirectory} holds Migration.sln");
    }

    private static SpecsLocation Check(string directory, string origin)
    {
        var missing = RequiredFiles.Where(f => !System.IO.File.Exists(Path.Combine(directory, f))).ToArray();
        return missing.Length == 0
            ? new SpecsLocation(directory, $"specs from {origin}")
            : new SpecsLocation(null, $"specs not found at {directory} ({origin}): missing {string.Join(", ", missing)}");
    }

    private string File(string relative) =>
        Path.Combine(Directory ?? throw new InvalidOperationException(Reason), relative);
}
