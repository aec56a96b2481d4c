using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Migration.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once by the Bicep CLI that the Azure.Bicep.CommandLine.linux-x64 package
/// ships (tools/bicep): the ARM JSON, and what the compiler said.
/// </summary>
public sealed class BicepTemplate
{
    public BicepTemplate()
    {
        Cli = FindCli();
        if (Cli is null)
            return;
        var start = new ProcessStartInfo(Cli, ["build", Path.Combine(Repository.Root, "infra", "main.bicep"), "--stdout"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        Diagnostics = process.StandardError.ReadToEnd();
        process.WaitForExit();
        ExitCode = process.ExitCode;
        Json = output.Result;
        Arm = ExitCode == 0 ? JsonNode.Parse(Json)!.AsObject() : null;
    }

    public string? Cli { get; }
    public int ExitCode { get; }
    public string Diagnostics { get; } = "";
    public string Json { get; } = "";
    public JsonObject? Arm { get; }

    public static string SkipReason =>
        "The Bicep CLI was not found: restore tests/Migration.Infra.Tests (package Azure.Bicep.CommandLine.linux-x64 ships tools/bicep).";

    /// <summary>Every resource of the template and of its nested module deployments.</summary>
    public IEnumerable<JsonObject> Resources() => ResourcesOf(Arm!);

    /// <summary>Templates of the module deployments (with their variables and functions).</summary>
    public IEnumerable<JsonObject> Templates() => TemplatesOf(Arm!);

    private static IEnumerable<JsonObject> TemplatesOf(JsonObject template)
    {
        yield return template;
        foreach (var resource in Listed(template["resources"]))
        {
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
                foreach (var inner in TemplatesOf(nested))
                    yield return inner;
        }
    }

    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template) =>
        TemplatesOf(template).SelectMany(t => Listed(t["resources"]));

    // Templates with user-defined types use symbolic names: resources are an object, not an array.
    private static IEnumerable<JsonObject> Listed(JsonNode? resources) => resources switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject named => named.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    private static string? FindCli()
    {
        // The package's props file sets $(BicepPath); the project stamps it into this assembly.
        var stamped = typeof(BicepTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(stamped))
            candidates.Add(Path.GetFullPath(stamped.Replace('\\', Path.DirectorySeparatorChar)));
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var package = Path.Combine(packages, "azure.bicep.commandline.linux-x64");
        if (Directory.Exists(package))
            candidates.AddRange(Directory.GetDirectories(package).OrderDescending().Select(v => Path.Combine(v, "tools", "bicep")));
        return candidates.FirstOrDefault(File.Exists);
    }
}

/// <summary>The repository's root, found from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Migration.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Migration.sln not found above {AppContext.BaseDirectory}.");
    }
}
