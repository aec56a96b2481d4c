using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>What a write may refer to in the account; asked under the account's lock, so answers are consistent.</summary>
internal interface IAccountReferences : CustomFieldValueRules.IReferences
{
    bool DealExists(int id);

    StoredPipeline? FindPipeline(int id);

    StoredStage? FindStage(int id);

    /// <summary>The live stage with the lowest order_nr in a pipeline, where new deals land by default.</summary>
    StoredStage? FirstStage(int pipelineId);

    /// <summary>The first live pipeline, where a deal goes when it names neither pipeline nor stage.</summary>
    StoredPipeline? DefaultPipeline();

    StoredActivityType? FindActivityType(string keyString);
}

/// <summary>The account state a write is checked against.</summary>
internal sealed record WriteContext(
    IReadOnlyDictionary<string, FieldDefinition> Fields,
    IAccountReferences References,
    DateTimeOffset Now,
    int CurrentUserId)
{
    /// <summary>Custom fields by key, deleted ones included (their keys are ignored, not refused).</summary>
    public IReadOnlyDictionary<string, FieldDefinition> CustomFields { get; } =
        Fields.Values.Where(f => f.IsCustom).ToDictionary(f => f.FieldCode, StringComparer.Ordinal);

    /// <summary>The label options of the entity's <c>label_ids</c> field: their ids differ per account (LBL).</summary>
    public IReadOnlySet<int> LabelIds { get; } =
        (Fields.GetValueOrDefault("label_ids")?.Options ?? []).Select(o => o.Id).OfType<int>().ToFrozenSet();
}

/// <summary>Checks shared by persons, organizations and deals.</summary>
internal static class RecordRules
{
    public const int NameLimit = 255;
    public const int MaxLabels = 100;

    private static readonly FrozenSet<int> Visibilities = FrozenSet.ToFrozenSet([1, 3, 5, 7]);

    /// <summary>
    /// Stricter than the spec on purpose: unknown top-level properties are refused, so v1-shaped bodies
    /// (custom keys at the root, <c>email</c>, <c>label</c>) fail loudly instead of being dropped silently.
    /// </summary>
    public static void CheckKeys(JsonObject body, IReadOnlySet<string> allowed, string entity, string? hint = null)
    {
        foreach (var (key, _) in body)
        {
            if (!allowed.Contains(key))
            {
                throw RequestRejected.BadRequest($"{key} is not a known {entity} property{hint}");
            }
        }
    }

    public static void RequireSomething(JsonObject body)
    {
        if (body.Count == 0)
        {
            throw RequestRejected.BadRequest("At least one property must be given");
        }
    }

    public static int Owner(JsonNode? node, WriteContext context, string path = "owner_id")
    {
        var ownerId = JsonRules.RequiredInt(node, path);
        return context.References.UserExists(ownerId)
            ? ownerId
            : throw RequestRejected.BadRequest($"{path}: user {ownerId} does not exist");
    }

    public static int VisibleTo(JsonNode? node)
    {
        var visibility = JsonRules.RequiredInt(node, "visible_to");
        return Visibilities.Contains(visibility)
            ? visibility
            : throw RequestRejected.BadRequest("visible_to must be one of 1, 3, 5, 7");
    }

    public static ImmutableArray<int> LabelIds(JsonNode? node, IReadOnlySet<int> known)
    {
        var items = JsonRules.OptionalArray(node, "label_ids");
        if (items is null)
        {
            return [];
        }

        if (items.Count > MaxLabels)
        {
            throw RequestRejected.BadRequest($"label_ids can hold at most {MaxLabels} labels");
        }

        var ids = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var id = JsonRules.RequiredInt(items[i], $"label_ids[{i}]");
            if (!known.Contains(id))
            {
                throw RequestRejected.BadRequest($"label_ids[{i}]: label {id} does not exist");
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    /// <summary>A reference to another live record; null clears it.</summary>
    public static int? Reference(JsonNode? node, string path, string what, Func<int, bool> exists)
    {
        var id = JsonRules.OptionalInt(node, path);
        return id is null || exists(id.Value)
            ? id
            : throw RequestRejected.BadRequest($"{path}: {what} {id} does not exist");
    }

    /// <summary>An address object <c>{value, ...parts}</c>: value required, unset parts null (MIG).</summary>
    public static AddressValue? Address(JsonNode? node, string path)
    {
        var address = JsonRules.OptionalObject(node, path);
        if (address is null)
        {
            return null;
        }

        JsonRules.OnlyKnownKeys(address, path, ["value", .. FieldTypes.AddressParts]);
        var value = JsonRules.RequiredText(address["value"], path + ".value", CustomFieldValueRules.VarcharLimit);
        var parts = FieldTypes.AddressParts.ToImmutableSortedDictionary(
            p => p, p => JsonRules.OptionalString(address[p], $"{path}.{p}", CustomFieldValueRules.VarcharLimit), StringComparer.Ordinal);
        return new AddressValue(value, parts);
    }

    public static ImmutableDictionary<string, JsonElement> CustomFields(ImmutableDictionary<string, JsonElement> current, JsonNode? node, WriteContext context) =>
        CustomFieldValueRules.Apply(current, node, context.CustomFields, context.References);
}
