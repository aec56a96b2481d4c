using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Migration.Netmera;
using Migration.Pipedrive;
using Migration.Storage;

namespace Migration.Infra.Tests;

/// <summary>
/// The Azure deployment (infra/main.bicep) compiles, creates what the app needs, configures the app
/// with the settings its code reads, and carries no secret: keys and tokens are Key Vault references.
/// </summary>
public sealed class DeploymentTemplateTests(BicepTemplate template) : IClassFixture<BicepTemplate>
{
    private const string Connection = "acme";

    // Built-in roles the app's identity needs: storage for the host, the task hub and run state; Key Vault for its references.
    private static readonly Dictionary<string, string> AppRoles = new()
    {
        ["Storage Blob Data Contributor"] = "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
    };

    [SkippableFact]
    public void Main_bicep_compiles_without_errors_or_warnings()
    {
        Skip.If(template.Cli is null, BicepTemplate.SkipReason);
        Assert.True(template.ExitCode == 0, $"bicep build failed ({template.ExitCode}):\n{template.Diagnostics}");
        Assert.DoesNotMatch(new Regex(@"\b(Error|Warning)\b"), template.Diagnostics);
    }

    [SkippableFact]
    public void It_creates_a_flex_consumption_dotnet_10_app_with_storage_insights_key_vault_and_an_identity()
    {
        Skip.If(template.Cli is null, BicepTemplate.SkipReason);
        var resources = template.Resources().ToList();
        JsonObject Single(string type) =>
            Assert.Single(resources, r => (string?)r["type"] == type && r["existing"] is null);

        var plan = Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);

        var site = Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]?["version"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]?["storage"]?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]?["storage"]?["authentication"]?["type"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
        Assert.NotNull(site["properties"]!["keyVaultReferenceIdentity"]);

        var storage = Single("Microsoft.Storage/storageAccounts");
        Assert.False((bool?)storage["properties"]?["allowSharedKeyAccess"]);
        Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Single("Microsoft.Insights/components");
        Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var vault = Single("Microsoft.KeyVault/vaults");
        Assert.True((bool?)vault["properties"]?["enableRbacAuthorization"]);
        Single("Microsoft.Web/sites/config");
    }

    [SkippableFact]
    public void The_apps_identity_is_granted_storage_data_and_key_vault_secrets_roles()
    {
        Skip.If(template.Cli is null, BicepTemplate.SkipReason);
        foreach (var (role, id) in AppRoles)
        {
            // A module's role ids are variables; its role assignments name them (directly or through a loop).
            var granted = template.Templates().Any(t =>
                t["variables"] is JsonObject variables
                && variables.Where(v => v.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String && (string?)value == id).Select(v => $"variables('{v.Key}')").ToList() is { Count: > 0 } names
                && Listed(t["resources"]).Any(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments"
                    && names.Any(n => ((string?)r["properties"]?["roleDefinitionId"])?.Contains(n, StringComparison.Ordinal) == true)
                    && (string?)r["properties"]?["principalId"] == "[parameters('appPrincipalId')]"));
            Assert.True(granted, $"No role assignment gives the app's identity {role} ({id}).");
        }
    }

    [SkippableFact]
    public void App_settings_are_the_ones_the_app_reads()
    {
        Skip.If(template.Cli is null, BicepTemplate.SkipReason);
        var settings = AppSettings();
        var names = Expand(settings.Select(s => s.NamePattern)).ToHashSet();

        // local.settings.sample.json is what a developer sets; Azure sets the same, except the runtime
        // (Flex Consumption names it in functionAppConfig and refuses the setting) and storage (identity, not a connection string).
        var sample = JsonNode.Parse(File.ReadAllText(Repository.File("local.settings.sample.json")))!["Values"]!.AsObject()
            .Select(p => p.Key).Where(k => k is not ("FUNCTIONS_WORKER_RUNTIME" or "AzureWebJobsStorage"));
        foreach (var key in sample)
            Assert.True(names.Contains(key), $"local.settings.sample.json sets {key}; the deployment does not.");

        // Give each setting a value the way App Service would (Key Vault references already resolved), then let the
        // app's own code read the configuration: every setting that is misnamed would fall back to a default here.
        var values = names.Select(n => KeyValuePair.Create(n.Replace("__", ":"), (string?)ValueFor(n))).ToList();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => !v.Key.EndsWith(":OAuthAccessToken", StringComparison.Ordinal))).Build();

        var netmera = NetmeraConnection.Resolve(configuration, Connection);
        Assert.Equal("secret-from-key-vault", netmera.ApiKey);
        Assert.Equal(new Uri("https://restapi.example.test"), netmera.BaseUrl);

        var pipedrive = PipedriveConnection.Resolve(configuration, Connection);
        Assert.Equal("secret-from-key-vault", pipedrive.ApiToken);
        Assert.Equal(new Uri("https://acme.pipedrive.com"), pipedrive.BaseUrl);
        Assert.Equal(PipedrivePlan.Growth, pipedrive.Limits.Plan);
        Assert.Equal(3, pipedrive.Limits.Seats);
        Assert.Equal(5000, pipedrive.Limits.TopUpTokens);
        Assert.Equal("Europe/Istanbul", pipedrive.Limits.BudgetTimeZone.Id);

        var oauth = PipedriveConnection.Resolve(new ConfigurationBuilder().AddInMemoryCollection(
            values.Where(v => !v.Key.EndsWith(":ApiToken", StringComparison.Ordinal))).Build(), Connection);
        Assert.Equal("secret-from-key-vault", oauth.OAuthAccessToken);

        var storage = StorageServiceCollectionExtensions.ResolveOptions(configuration);
        Assert.Null(storage.ConnectionString);
        Assert.Equal(new Uri("https://stacme.blob.core.windows.net"), storage.BlobEndpoint);
        Assert.Equal(new Uri("https://stacme.table.core.windows.net"), storage.TableEndpoint);
        Assert.IsType<ManagedIdentityCredential>(storage.Credential);

        // One task hub: the durable extension's (host.json) is the one the app's run tables derive from.
        var hostJson = JsonNode.Parse(File.ReadAllText(Repository.File("host.json")))!;
        Assert.Equal((string?)hostJson["extensions"]!["durableTask"]!["hubName"], storage.TaskHub);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", names);
    }

    [SkippableFact]
    public void Keys_and_tokens_are_key_vault_references_and_no_secret_is_a_parameter_or_a_literal()
    {
        Skip.If(template.Cli is null, BicepTemplate.SkipReason);
        var secrets = AppSettings().Where(s => IsSecret(s.NamePattern)).ToList();
        Assert.Contains(secrets, s => s.NamePattern.StartsWith("Netmera__", StringComparison.Ordinal));
        Assert.Contains(secrets, s => s.NamePattern.StartsWith("Pipedrive__", StringComparison.Ordinal));
        foreach (var secret in secrets)
            Assert.Contains("__bicep.keyVaultReference(", secret.ValueExpression, StringComparison.Ordinal);
        var reference = template.Templates()
            .Select(t => t["functions"]?[0]?["members"]?["keyVaultReference"]?["output"]?["value"])
            .OfType<JsonNode>().Single();
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)'", (string?)reference);

        // Parameters: none secure (nothing secret is passed in), none named like a credential.
        foreach (var (name, parameter) in template.Arm!["parameters"]!.AsObject())
        {
            Assert.DoesNotContain("secure", (string?)parameter!["type"] ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(new Regex("(api)?(key|token|password|secret|connectionstring)$", RegexOptions.IgnoreCase), name);
        }
        var parametersFile = File.ReadAllText(Repository.File("infra", "main.parameters.json"));
        Assert.DoesNotMatch(new Regex("(ApiKey|ApiToken|password|AccountKey)", RegexOptions.IgnoreCase), parametersFile);

        // Nothing writes a secret, reads a storage key, or carries one inline.
        Assert.DoesNotContain(template.Resources(), r => ((string?)r["type"])?.EndsWith("/secrets", StringComparison.Ordinal) == true);
        Assert.DoesNotContain("listKeys(", template.Json, StringComparison.Ordinal);
        // Storage keys are 88 characters of base64; Pipedrive API tokens 40 hex digits.
        Assert.DoesNotMatch(new Regex(@"AccountKey=|SharedAccessSignature=|InstrumentationKey=[0-9a-f]|[A-Za-z0-9+/]{86}==|\b[0-9a-f]{40}\b"), template.Json);
    }

    private static bool IsSecret(string name) =>
        name.EndsWith("__ApiKey", StringComparison.Ordinal) || name.EndsWith("__ApiToken", StringComparison.Ordinal)
        || name.EndsWith("__OAuthAccessToken", StringComparison.Ordinal) || name.EndsWith("__{1}", StringComparison.Ordinal);

    /// <summary>Every setting the function app's appsettings resource and the variables it merges produce.</summary>
    private List<ArmExpressions.Setting> AppSettings()
    {
        var app = template.Templates().Single(t => Listed(t["resources"]).Any(r => (string?)r["type"] == "Microsoft.Web/sites/config"));
        var config = Listed(app["resources"]).Single(r => (string?)r["type"] == "Microsoft.Web/sites/config");
        var expressions = new List<string> { (string)config["properties"]! };
        expressions.AddRange(app["variables"]!.AsObject().Select(v => v.Value).OfType<JsonValue>()
            .Select(v => v.GetValueKind() == JsonValueKind.String ? (string)v! : "").Where(v => v.Contains("createObject(", StringComparison.Ordinal)));
        return expressions.SelectMany(ArmExpressions.CreateObjectPairs)
            // Setting names: Section__Key, SCREAMING_CASE, or a PascalCase name such as DeltaSyncSchedule (values are not).
            .Where(s => s.NamePattern.Contains("__", StringComparison.Ordinal) || s.NamePattern.All(c => char.IsUpper(c) || c == '_')
                || (s.NamePattern.Length > 0 && char.IsUpper(s.NamePattern[0]) && s.NamePattern.All(char.IsAsciiLetterOrDigit)))
            .ToList();
    }

    // {0} is the connection's name; a pipedrive {1} is its credential kind, one of two setting names.
    private static IEnumerable<string> Expand(IEnumerable<string> patterns) => patterns.SelectMany(p =>
        (p.Contains("{1}", StringComparison.Ordinal) ? new[] { "ApiToken", "OAuthAccessToken" } : [""])
            .Select(credential => string.Format(System.Globalization.CultureInfo.InvariantCulture, p, Connection, credential)));

    private static string ValueFor(string name) => name switch
    {
        _ when IsSecret(name) => "secret-from-key-vault",
        "AzureWebJobsStorage__accountName" => "stacme",
        "AzureWebJobsStorage__credential" => "managedidentity",
        "AzureWebJobsStorage__clientId" => "00000000-0000-0000-0000-000000000001",
        "Migration__TaskHub" => (string)JsonNode.Parse(File.ReadAllText(Repository.File("host.json")))!["extensions"]!["durableTask"]!["hubName"]!,
        _ when name.StartsWith("Netmera__", StringComparison.Ordinal) && name.EndsWith("__BaseUrl", StringComparison.Ordinal) => "https://restapi.example.test",
        _ when name.EndsWith("__BaseUrl", StringComparison.Ordinal) => "https://acme.pipedrive.com",
        _ when name.EndsWith("__Plan", StringComparison.Ordinal) => "Growth",
        _ when name.EndsWith("__Seats", StringComparison.Ordinal) => "3",
        _ when name.EndsWith("__TopUpTokens", StringComparison.Ordinal) => "5000",
        _ when name.EndsWith("__BudgetTimeZone", StringComparison.Ordinal) => "Europe/Istanbul",
        _ => "set-by-the-platform",
    };

    private static IEnumerable<JsonObject> Listed(JsonNode? resources) => resources switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject named => named.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };
}
