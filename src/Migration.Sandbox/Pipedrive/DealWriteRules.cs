using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>POST and PATCH /deals bodies (spec addDeal/updateDeal, pipedrive-api.md §7.3).</summary>
internal static class DealWriteRules
{
    /// <summary>The company's default currency, used when a deal names none.</summary>
    public const string DefaultCurrency = "USD";

    public static readonly FrozenSet<string> Statuses = FrozenSet.ToFrozenSet(["open", "won", "lost"]);

    private static readonly FrozenSet<string> Keys = FrozenSet.ToFrozenSet(
    [
        "title", "owner_id", "person_id", "org_id", "pipeline_id", "stage_id", "value", "currency", "is_deleted", "is_archived",
        "archive_time", "status", "probability", "lost_reason", "visible_to", "close_time", "won_time", "lost_time",
        "expected_close_date", "label_ids", "custom_fields",
    ]);

    public static StoredDeal Create(int id, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, Keys, "deal", " (custom fields go under custom_fields, keyed by field_code)");
        if (!body.ContainsKey("title"))
        {
            throw RequestRejected.BadRequest("title is required");
        }

        var (pipelineId, stageId) = Placement(body, context, currentPipeline: null);
        var blank = new StoredDeal(
            id, string.Empty, context.CurrentUserId, context.CurrentUserId, null, null, pipelineId, stageId, 0, DefaultCurrency,
            context.Now, context.Now, null, IsDeleted: false, IsArchived: false, null, "open", null, null, VisibleTo: 3,
            null, null, null, null, [], ImmutableDictionary<string, JsonElement>.Empty);
        return Apply(blank, body, context);
    }

    public static StoredDeal Update(StoredDeal current, JsonObject body, WriteContext context)
    {
        RecordRules.CheckKeys(body, Keys, "deal", " (custom fields go under custom_fields, keyed by field_code)");
        RecordRules.RequireSomething(body);
        var updated = current;
        if (body.ContainsKey("pipeline_id") || body.ContainsKey("stage_id"))
        {
            var (pipelineId, stageId) = Placement(body, context, current.PipelineId);
            updated = updated with
            {
                PipelineId = pipelineId,
                StageId = stageId,
                StageChangeTime = stageId != current.StageId ? context.Now : current.StageChangeTime,
            };
        }

        return Apply(updated, body, context) with { UpdateTime = context.Now };
    }

    /// <summary>
    /// Where the deal sits: a stage implies its pipeline; a pipeline alone means its first stage; neither means the
    /// default pipeline's first stage. A stage from another pipeline is refused.
    /// </summary>
    private static (int PipelineId, int StageId) Placement(JsonObject body, WriteContext context, int? currentPipeline)
    {
        var references = context.References;
        var pipelineId = JsonRules.OptionalInt(body["pipeline_id"], "pipeline_id");
        var stageId = JsonRules.OptionalInt(body["stage_id"], "stage_id");
        if (pipelineId is { } p && references.FindPipeline(p) is not { IsDeleted: false })
        {
            throw RequestRejected.BadRequest($"pipeline_id: pipeline {p} does not exist");
        }

        if (stageId is { } s)
        {
            var stage = references.FindStage(s) is { IsDeleted: false } found ? found : throw RequestRejected.BadRequest($"stage_id: stage {s} does not exist");
            if (pipelineId is { } named && named != stage.PipelineId)
            {
                throw RequestRejected.BadRequest($"stage_id: stage {s} is not in pipeline {named}");
            }

            return (stage.PipelineId, stage.Id);
        }

        var pipeline = pipelineId ?? currentPipeline ?? references.DefaultPipeline()?.Id
            ?? throw RequestRejected.BadRequest("The company has no pipeline to put the deal in");
        var first = references.FirstStage(pipeline) ?? throw RequestRejected.BadRequest($"pipeline_id: pipeline {pipeline} has no stages");
        return (pipeline, first.Id);
    }

    private static StoredDeal Apply(StoredDeal deal, JsonObject body, WriteContext context)
    {
        var references = context.References;
        if (body.TryGetPropertyValue("title", out var title))
        {
            deal = deal with { Title = JsonRules.RequiredText(title, "title", RecordRules.NameLimit) };
        }

        if (body.TryGetPropertyValue("owner_id", out var owner))
        {
            deal = deal with { OwnerId = RecordRules.Owner(owner, context) };
        }

        if (body.TryGetPropertyValue("person_id", out var person))
        {
            deal = deal with { PersonId = RecordRules.Reference(person, "person_id", "person", references.PersonExists) };
        }

        if (body.TryGetPropertyValue("org_id", out var org))
        {
            deal = deal with { OrgId = RecordRules.Reference(org, "org_id", "organization", references.OrganizationExists) };
        }

        if (body.TryGetPropertyValue("value", out var value))
        {
            deal = deal with { Value = JsonRules.RequiredNumber(value, "value") };
        }

        if (body.TryGetPropertyValue("currency", out var currency))
        {
            var code = JsonRules.RequiredString(currency, "currency", 3);
            deal = code.Length == 3 && code.All(char.IsAsciiLetterUpper)
                ? deal with { Currency = code }
                : throw RequestRejected.BadRequest("currency must be a 3-letter currency code");
        }

        if (body.TryGetPropertyValue("is_deleted", out var deleted) && JsonRules.OptionalBool(deleted, "is_deleted") == true)
        {
            // v2 will not create an entity that is already deleted, and PATCH cannot delete (pipedrive-api.md §9).
            throw RequestRejected.BadRequest("is_deleted cannot be set to true; use DELETE /deals/{id}");
        }

        if (body.TryGetPropertyValue("is_archived", out var archived))
        {
            var isArchived = JsonRules.OptionalBool(archived, "is_archived") ?? false;
            deal = deal with { IsArchived = isArchived, ArchiveTime = isArchived ? deal.ArchiveTime ?? context.Now : null };
        }

        if (body.TryGetPropertyValue("archive_time", out var archiveTime))
        {
            deal = deal with { ArchiveTime = JsonRules.OptionalTimestamp(archiveTime, "archive_time") };
        }

        if (body.TryGetPropertyValue("status", out var status))
        {
            deal = Status(deal, JsonRules.RequiredString(status, "status", 16), context.Now);
        }

        if (body.TryGetPropertyValue("probability", out var probability))
        {
            var percent = JsonRules.OptionalNumber(probability, "probability");
            deal = percent is null or (>= 0 and <= 100)
                ? deal with { Probability = percent }
                : throw RequestRejected.BadRequest("probability must be between 0 and 100");
        }

        if (body.TryGetPropertyValue("lost_reason", out var lostReason))
        {
            deal = deal with { LostReason = JsonRules.OptionalString(lostReason, "lost_reason", RecordRules.NameLimit) };
        }

        if (body.TryGetPropertyValue("visible_to", out var visibleTo))
        {
            deal = deal with { VisibleTo = RecordRules.VisibleTo(visibleTo) };
        }

        if (body.TryGetPropertyValue("close_time", out var closeTime))
        {
            deal = deal with { CloseTime = JsonRules.OptionalTimestamp(closeTime, "close_time") };
        }

        if (body.TryGetPropertyValue("won_time", out var wonTime))
        {
            deal = deal with { WonTime = JsonRules.OptionalTimestamp(wonTime, "won_time") };
        }

        if (body.TryGetPropertyValue("lost_time", out var lostTime))
        {
            deal = deal with { LostTime = JsonRules.OptionalTimestamp(lostTime, "lost_time") };
        }

        if (body.TryGetPropertyValue("expected_close_date", out var expected))
        {
            deal = deal with { ExpectedCloseDate = expected is null ? null : JsonRules.Date(expected, "expected_close_date") };
        }

        if (body.TryGetPropertyValue("label_ids", out var labels))
        {
            deal = deal with { LabelIds = RecordRules.LabelIds(labels, context.LabelIds) };
        }

        return deal with { CustomFields = RecordRules.CustomFields(deal.CustomFields, body["custom_fields"], context) };
    }

    /// <summary>Won and lost close the deal at that moment; reopening clears the close times.</summary>
    private static StoredDeal Status(StoredDeal deal, string status, DateTimeOffset now)
    {
        if (!Statuses.Contains(status))
        {
            throw RequestRejected.BadRequest("status must be one of open, won, lost");
        }

        if (status == deal.Status)
        {
            return deal;
        }

        return status switch
        {
            "won" => deal with { Status = status, WonTime = now, LostTime = null, CloseTime = now },
            "lost" => deal with { Status = status, LostTime = now, WonTime = null, CloseTime = now },
            _ => deal with { Status = status, WonTime = null, LostTime = null, CloseTime = null, LostReason = null },
        };
    }
}
