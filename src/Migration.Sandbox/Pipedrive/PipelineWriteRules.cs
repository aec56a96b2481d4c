using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>POST and PATCH /pipelines and /stages bodies (spec addPipeline, addStage and their updates; pipedrive-api.md §7.9).</summary>
internal static class PipelineWriteRules
{
    private static readonly FrozenSet<string> PipelineKeys = FrozenSet.ToFrozenSet(["name", "is_deal_probability_enabled"]);

    private static readonly FrozenSet<string> StageKeys = FrozenSet.ToFrozenSet(
        ["name", "pipeline_id", "deal_probability", "is_deal_rot_enabled", "days_to_rotten"]);

    /// <summary>order_nr is read-only: new pipelines go to the end.</summary>
    public static StoredPipeline CreatePipeline(int id, int orderNr, JsonObject body, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, PipelineKeys, "pipeline");
        if (!body.ContainsKey("name"))
        {
            throw RequestRejected.BadRequest("name is required");
        }

        return ApplyPipeline(new StoredPipeline(id, string.Empty, orderNr, false, false, now, now), body);
    }

    public static StoredPipeline UpdatePipeline(StoredPipeline current, JsonObject body, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, PipelineKeys, "pipeline");
        RecordRules.RequireSomething(body);
        return ApplyPipeline(current, body) with { UpdateTime = now };
    }

    public static StoredStage CreateStage(int id, Func<int, int> nextOrderNr, JsonObject body, IAccountReferences references, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, StageKeys, "stage");
        if (!body.ContainsKey("name") || !body.ContainsKey("pipeline_id"))
        {
            throw RequestRejected.BadRequest("name and pipeline_id are required");
        }

        var pipelineId = Pipeline(body["pipeline_id"], references);
        var blank = new StoredStage(id, nextOrderNr(pipelineId), string.Empty, false, 100, pipelineId, false, null, now, now);
        return ApplyStage(blank, body, references);
    }

    public static StoredStage UpdateStage(StoredStage current, Func<int, int> nextOrderNr, JsonObject body, IAccountReferences references, DateTimeOffset now)
    {
        RecordRules.CheckKeys(body, StageKeys, "stage");
        RecordRules.RequireSomething(body);
        var stage = ApplyStage(current, body, references);

        // A stage moved to another pipeline goes to its end.
        return (stage.PipelineId != current.PipelineId ? stage with { OrderNr = nextOrderNr(stage.PipelineId) } : stage) with { UpdateTime = now };
    }

    private static StoredPipeline ApplyPipeline(StoredPipeline pipeline, JsonObject body)
    {
        if (body.TryGetPropertyValue("name", out var name))
        {
            pipeline = pipeline with { Name = JsonRules.RequiredText(name, "name", RecordRules.NameLimit) };
        }

        if (body.TryGetPropertyValue("is_deal_probability_enabled", out var probability))
        {
            pipeline = pipeline with { IsDealProbabilityEnabled = JsonRules.OptionalBool(probability, "is_deal_probability_enabled") ?? false };
        }

        return pipeline;
    }

    private static StoredStage ApplyStage(StoredStage stage, JsonObject body, IAccountReferences references)
    {
        if (body.TryGetPropertyValue("name", out var name))
        {
            stage = stage with { Name = JsonRules.RequiredText(name, "name", RecordRules.NameLimit) };
        }

        if (body.TryGetPropertyValue("pipeline_id", out var pipeline))
        {
            stage = stage with { PipelineId = Pipeline(pipeline, references) };
        }

        if (body.TryGetPropertyValue("deal_probability", out var probability))
        {
            var percent = JsonRules.RequiredInt(probability, "deal_probability");
            stage = percent is >= 0 and <= 100
                ? stage with { DealProbability = percent }
                : throw RequestRejected.BadRequest("deal_probability must be between 0 and 100");
        }

        if (body.TryGetPropertyValue("is_deal_rot_enabled", out var rot))
        {
            stage = stage with { IsDealRotEnabled = JsonRules.OptionalBool(rot, "is_deal_rot_enabled") ?? false };
        }

        if (body.TryGetPropertyValue("days_to_rotten", out var days))
        {
            var value = JsonRules.OptionalInt(days, "days_to_rotten");
            stage = value is null or > 0
                ? stage with { DaysToRotten = value }
                : throw RequestRejected.BadRequest("days_to_rotten must be a positive integer");
        }

        return stage;
    }

    private static int Pipeline(JsonNode? node, IAccountReferences references)
    {
        var id = JsonRules.RequiredInt(node, "pipeline_id");
        return references.FindPipeline(id) is { IsDeleted: false }
            ? id
            : throw RequestRejected.BadRequest($"pipeline_id: pipeline {id} does not exist");
    }
}
