using Migration.Domain.Rollback;

namespace Migration.Pipedrive;

/// <summary>One schema object a run created, as a rollback removes it.</summary>
/// <param name="Key">Stable name in the rollback ledger: <c>{kind}:{entity or id}:{field code}</c>.</param>
/// <param name="Kind">stage, pipeline, activity-type, labels, options, field.</param>
public sealed record SchemaObject(string Key, string Kind, string? Entity, string? FieldCode, long? Id, IReadOnlyList<long> OptionIds)
{
    /// <summary>What removing it costs in tokens (one list or field read first where options or labels are removed).</summary>
    public int Tokens => Kind switch
    {
        SchemaRollback.Stage => RollbackCost.StageDelete,
        SchemaRollback.Pipeline => RollbackCost.PipelineDelete,
        SchemaRollback.ActivityType => RollbackCost.ActivityTypeDelete,
        SchemaRollback.Labels => RollbackCost.LabelsRead + RollbackCost.LabelsWrite,
        SchemaRollback.Options => 1 + RollbackCost.OptionsDelete,
        _ => RollbackCost.FieldDelete,
    };
}

/// <summary>
/// Removes what <see cref="SchemaProvisioner"/> created for a run, from the <c>CreatedByRun</c> flags of its
/// <see cref="ProvisionedSchema"/>: the campaign pipeline (or the stages the run added to an existing one), activity
/// types (Pipedrive deactivates them), person labels (v1 PUT of the label field without them), options the run added
/// to fields it found, and the fields it created. Each object is undone on its own, so a rollback killed part way
/// goes on with the next; an object already gone counts as undone.
/// </summary>
public sealed class SchemaRollback(PipedriveClient client)
{
    public const string Stage = "stage";
    public const string Pipeline = "pipeline";
    public const string ActivityType = "activity-type";
    public const string Labels = "labels";
    public const string Options = "options";
    public const string Field = "field";

    /// <summary>What the run created, in the order a rollback removes it (what refers to a thing before the thing).</summary>
    public static IReadOnlyList<SchemaObject> CreatedBy(ProvisionedSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var objects = new List<SchemaObject>();
        if (schema.CampaignPipeline is { } pipeline)
        {
            // A pipeline the run created takes its stages with it; stages the run added to an existing pipeline go one by one.
            if (pipeline.CreatedByRun)
                objects.Add(new($"{Pipeline}:{pipeline.Id}", Pipeline, null, null, pipeline.Id, []));
            else
                objects.AddRange(pipeline.Stages.Where(s => s.CreatedByRun).Select(s => new SchemaObject($"{Stage}:{s.Id}", Stage, null, null, s.Id, [])));
        }
        objects.AddRange(schema.ActivityTypes.Where(t => t.CreatedByRun).Select(t => new SchemaObject($"{ActivityType}:{t.Id}", ActivityType, null, null, t.Id, [])));
        var labels = schema.PersonLabels.Where(l => l.CreatedByRun).Select(l => l.Id).ToList();
        if (labels.Count > 0)
            objects.Add(new($"{Labels}:person", Labels, FieldEntity.Person, SchemaProvisioner.LabelFieldCode, null, labels));
        foreach (var field in schema.Fields.Where(f => !f.CreatedByRun && f.OptionsCreatedByRun.Count > 0))
        {
            var ids = field.OptionsCreatedByRun.Select(field.OptionId).OfType<long>().ToList();
            if (ids.Count > 0)
                objects.Add(new($"{Options}:{field.Entity}:{field.Key}", Options, field.Entity, field.Key, null, ids));
        }
        objects.AddRange(schema.Fields.Where(f => f.CreatedByRun).Select(f => new SchemaObject($"{Field}:{f.Entity}:{f.Key}", Field, f.Entity, f.Key, null, [])));
        return objects;
    }

    /// <summary>Removes one object: true when this call removed it, false when it was already gone.</summary>
    public async Task<bool> UndoAsync(SchemaObject item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            switch (item.Kind)
            {
                case Pipeline: await client.DeletePipelineAsync(item.Id!.Value, cancellationToken).ConfigureAwait(false); return true;
                case Stage: await client.DeleteStageAsync(item.Id!.Value, cancellationToken).ConfigureAwait(false); return true;
                case ActivityType: await client.DeleteActivityTypeAsync(item.Id!.Value, cancellationToken).ConfigureAwait(false); return true;
                case Labels: return await RemoveLabelsAsync(item.OptionIds, cancellationToken).ConfigureAwait(false);
                case Options:
                    var field = await client.GetFieldAsync(item.Entity!, item.FieldCode!, cancellationToken).ConfigureAwait(false);
                    var present = (field.Options ?? []).Select(o => o.NumericId).OfType<long>().Where(item.OptionIds.Contains).ToList();
                    if (present.Count == 0)
                        return false;
                    await client.DeleteFieldOptionsAsync(item.Entity!, item.FieldCode!, present, cancellationToken).ConfigureAwait(false);
                    return true;
                case Field: await client.DeleteFieldAsync(item.Entity!, item.FieldCode!, cancellationToken).ConfigureAwait(false); return true;
                default: throw new ArgumentException($"'{item.Kind}' is not a schema object a rollback removes.", nameof(item));
            }
        }
        catch (PipedriveNotFoundException)
        {
            return false;
        }
    }

    /// <summary>v1 replaces the label field's options with what is sent: every option it shows, by id, but the run's.</summary>
    private async Task<bool> RemoveLabelsAsync(IReadOnlyList<long> labelIds, CancellationToken cancellationToken)
    {
        var fields = await client.GetPersonFieldsV1Async(cancellationToken).ConfigureAwait(false);
        var label = fields.FirstOrDefault(f => f.Key == SchemaProvisioner.LabelFieldCode && f.Id is not null)
            ?? fields.FirstOrDefault(f => f.Key == "label" && f.Id is not null);
        var options = (label?.Options ?? []).Where(o => o.NumericId is not null && o.Label is not null).ToList();
        if (label is null || !options.Any(o => labelIds.Contains(o.NumericId!.Value)))
            return false;
        var keep = options.Where(o => !labelIds.Contains(o.NumericId!.Value)).Select(o => new V1OptionWrite(o.NumericId, o.Label!, o.Color)).ToList();
        await client.UpdatePersonFieldOptionsAsync(label.Id!.Value, keep, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
