using Migration.Domain;
using Migration.Domain.Mapping;

namespace Migration.Pipedrive;

/// <summary>
/// Makes an account hold what an approved map needs (<see cref="SchemaRequirements"/>), through the
/// governed client only. Everything is read first (each entity's fields once, activity types, pipelines and
/// the campaign pipeline's stages), then checked (a same-name field of another type, the plan's custom-field
/// cap) before the first write, then what is missing is created: fields with their options, options missing
/// on existing enum/set fields, person labels (v1 PUT of the label field with every option), activity types,
/// the pipeline and its stages. Idempotent: things are found by name (and type, for fields), so a second run
/// with the same requirements creates nothing and answers the same ids with every CreatedByRun false.
/// </summary>
public sealed class SchemaProvisioner(PipedriveClient client)
{
    /// <summary>Person label field code in v2 (older accounts also show the legacy <c>label</c>).</summary>
    public const string LabelFieldCode = "label_ids";

    public async Task<ProvisionedSchema> ProvisionAsync(SchemaRequirements requirements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirements);

        // 1. Read.
        var catalogs = new Dictionary<string, FieldCatalog>(StringComparer.Ordinal);
        foreach (var entity in FieldEntity.Writable)
            catalogs[entity] = await FieldCatalog.ReadAsync(client, entity, cancellationToken).ConfigureAwait(false);
        var activityTypes = requirements.ActivityTypes.Count > 0
            ? await client.GetActivityTypesAsync(cancellationToken).ConfigureAwait(false)
            : [];
        Pipeline? pipeline = null;
        IReadOnlyList<Stage> stages = [];
        if (requirements.CampaignPipeline is { } wantedPipeline)
        {
            pipeline = (await client.GetPipelinesAsync(cancellationToken).ConfigureAwait(false))
                .Where(p => p.IsDeleted != true && ProvisionedSchema.Same(p.Name, wantedPipeline.Name))
                .OrderBy(p => p.Id)
                .FirstOrDefault();
            if (pipeline is not null)
                stages = await client.GetStagesAsync(pipeline.Id, cancellationToken).ConfigureAwait(false);
        }

        // 2. Check, before any write.
        var plan = new List<(RequiredField Wanted, Field? Existing)>();
        var conflicts = new List<string>();
        foreach (var wanted in requirements.Fields)
        {
            var catalog = catalogs.TryGetValue(wanted.Entity, out var c)
                ? c
                : throw new ArgumentException($"'{wanted.Entity}' has no custom fields in Pipedrive (person, organization or deal).", nameof(requirements));
            var existing = catalog.Find(wanted.Name, wanted.FieldType);
            if (existing is null && catalog.Named(wanted.Name) is [var other, ..])
                conflicts.Add($"the {wanted.Entity} field '{other.FieldName}' is of type '{other.FieldType}' but the map needs '{wanted.FieldType}'");
            plan.Add((wanted, existing));
        }
        if (conflicts.Count > 0)
            throw new OperatorActionRequiredException(
                $"The Pipedrive account already has fields with the names the approved map uses, but of another type: {string.Join("; ", conflicts)}. " +
                "Nothing was created. Rename or delete those fields in Pipedrive (or rename the targets in the map and approve it again), then restart the run.");

        var missing = plan.Count(p => p.Existing is null);
        if (missing > 0)
        {
            var existingCount = catalogs.Values.Sum(c => c.Fields.Count(f => f.IsCustomField));
            var cap = PlanCaps.CustomFields(client.Connection.Limits.Plan);
            if (existingCount + missing > cap)
                throw new SchemaDoesNotFitException(client.Connection.Limits.Plan, missing, existingCount, cap);
        }

        var labelField = LabelField(catalogs[FieldEntity.Person]);
        if (requirements.PersonLabels.Count > 0 && labelField is null)
            throw new OperatorActionRequiredException(
                "The Pipedrive account shows no person label field (label_ids), so the labels the approved map needs cannot be added. " +
                "Check the account's person fields, or map the tags to a multi-option field instead, then restart the run.");

        // 3. Write what is missing.
        var fields = new List<ProvisionedField>(plan.Count);
        foreach (var (wanted, existing) in plan)
            fields.Add(await EnsureFieldAsync(wanted, existing, cancellationToken).ConfigureAwait(false));

        var labels = labelField is null ? [] : await EnsureLabelsAsync(requirements.PersonLabels, labelField, cancellationToken).ConfigureAwait(false);

        var types = new List<ProvisionedActivityType>();
        foreach (var wanted in requirements.ActivityTypes)
        {
            var found = activityTypes.Where(t => t.ActiveFlag != false && ProvisionedSchema.Same(t.Name, wanted.Name)).OrderBy(t => t.Id).FirstOrDefault();
            if (found is not null)
            {
                types.Add(new ProvisionedActivityType(wanted.Name, found.Id, found.KeyString ?? "", CreatedByRun: false));
                continue;
            }
            var created = await CreateOrFindAsync(
                () => client.CreateActivityTypeAsync(new NewActivityType(wanted.Name, wanted.IconKey), cancellationToken),
                async () => (await client.GetActivityTypesAsync(cancellationToken).ConfigureAwait(false))
                    .Where(t => t.ActiveFlag != false && ProvisionedSchema.Same(t.Name, wanted.Name)).OrderBy(t => t.Id).FirstOrDefault()).ConfigureAwait(false);
            types.Add(new ProvisionedActivityType(wanted.Name, created.Id, created.KeyString ?? "", CreatedByRun: true));
        }

        ProvisionedPipeline? campaignPipeline = null;
        if (requirements.CampaignPipeline is { } wantedPipe)
        {
            var pipelineCreated = pipeline is null;
            pipeline ??= await CreateOrFindAsync(
                () => client.CreatePipelineAsync(new PipelineWrite(wantedPipe.Name), cancellationToken),
                async () => (await client.GetPipelinesAsync(cancellationToken).ConfigureAwait(false))
                    .Where(p => p.IsDeleted != true && ProvisionedSchema.Same(p.Name, wantedPipe.Name)).OrderBy(p => p.Id).FirstOrDefault()).ConfigureAwait(false);
            var provisionedStages = new List<ProvisionedStage>();
            foreach (var stageName in wantedPipe.Stages)
            {
                var found = stages.Where(s => s.IsDeleted != true && ProvisionedSchema.Same(s.Name, stageName)).OrderBy(s => s.Id).FirstOrDefault();
                if (found is not null)
                {
                    provisionedStages.Add(new ProvisionedStage(stageName, found.Id, CreatedByRun: false));
                    continue;
                }
                var pipelineId = pipeline.Id;
                var created = await CreateOrFindAsync(
                    () => client.CreateStageAsync(new StageWrite(stageName, pipelineId), cancellationToken),
                    async () => (await client.GetStagesAsync(pipelineId, cancellationToken).ConfigureAwait(false))
                        .Where(s => s.IsDeleted != true && ProvisionedSchema.Same(s.Name, stageName)).OrderBy(s => s.Id).FirstOrDefault()).ConfigureAwait(false);
                provisionedStages.Add(new ProvisionedStage(stageName, created.Id, CreatedByRun: true));
            }
            campaignPipeline = new ProvisionedPipeline(wantedPipe.Name, pipeline.Id, pipelineCreated, provisionedStages);
        }

        return new ProvisionedSchema(fields, labels, types, campaignPipeline);
    }

    /// <summary>
    /// One person label, found or added (a delta sync's "Netmera: removed" mark): reads the person fields, then as
    /// <see cref="ProvisionAsync"/> does for the map's labels.
    /// </summary>
    public async Task<ProvisionedLabel> EnsurePersonLabelAsync(string name, CancellationToken cancellationToken)
    {
        var labelField = LabelField(await FieldCatalog.ReadAsync(client, FieldEntity.Person, cancellationToken).ConfigureAwait(false))
            ?? throw new OperatorActionRequiredException(
                $"The Pipedrive account shows no person label field (label_ids), so persons gone from Netmera cannot be labelled '{name}'. " +
                "Set the cutover's deleteGone, or check the account's person fields.");
        var labels = await EnsureLabelsAsync([name], labelField, cancellationToken).ConfigureAwait(false);
        return labels.First(l => ProvisionedSchema.Same(l.Name, name));
    }

    private static Field? LabelField(FieldCatalog persons) =>
        persons.Fields.FirstOrDefault(f => !f.IsCustomField && f.FieldCode == LabelFieldCode)
        ?? persons.Fields.FirstOrDefault(f => !f.IsCustomField && f.FieldCode == "label");

    /// <summary>Tries per create before the failure is left to the activity's retry.</summary>
    private const int CreateAttempts = 4;

    /// <summary>
    /// A create whose answer was lost (5xx, dropped connection) may have been committed (DESIGN §4.1): look for
    /// what it made before sending it again, so nothing is made twice and what this run made stays flagged as its own.
    /// </summary>
    private static async Task<T> CreateOrFindAsync<T>(Func<Task<T>> create, Func<Task<T?>> find)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await create().ConfigureAwait(false);
            }
            catch (PipedriveTransientException) when (attempt < CreateAttempts)
            {
                if (await find().ConfigureAwait(false) is { } committed)
                    return committed;
            }
        }
    }

    private async Task<ProvisionedField> EnsureFieldAsync(RequiredField wanted, Field? existing, CancellationToken cancellationToken)
    {
        var hasOptions = PipedriveFieldTypes.HasOptions(wanted.FieldType);
        if (existing is null)
        {
            var created = await CreateOrFindAsync(
                () => client.CreateFieldAsync(wanted.Entity,
                    new NewField(wanted.Name, wanted.FieldType, hasOptions ? wanted.Options.Select(o => new NewFieldOption(o)).ToList() : null),
                    cancellationToken),
                async () => (await FieldCatalog.ReadAsync(client, wanted.Entity, cancellationToken).ConfigureAwait(false)).Find(wanted.Name, wanted.FieldType)).ConfigureAwait(false);
            return new ProvisionedField(wanted.Entity, wanted.Name, wanted.FieldType, created.FieldCode, CreatedByRun: true)
            {
                Options = OptionMap(created.Options),
                Purpose = wanted.Purpose,
            };
        }

        var options = OptionMap(existing.Options);
        var toAdd = hasOptions ? wanted.Options.Where(o => FieldCatalog.Option(existing, o) is null).ToList() : [];
        if (toAdd.Count > 0)
        {
            var fieldCode = existing.FieldCode;
            var addedOptions = await CreateOrFindAsync<IReadOnlyList<FieldOption>>(
                () => client.AddFieldOptionsAsync(wanted.Entity, fieldCode, toAdd, cancellationToken),
                async () =>
                {
                    // Committed when every option is there now (options have no other identity than their label).
                    var field = await client.GetFieldAsync(wanted.Entity, fieldCode, cancellationToken).ConfigureAwait(false);
                    var present = toAdd.Select(o => FieldCatalog.Option(field, o)).ToList();
                    return present.All(o => o is not null) ? [.. present.Select(o => o!)] : null;
                }).ConfigureAwait(false);
            foreach (var added in addedOptions)
            {
                if (added.Label is { } label && added.NumericId is { } id)
                    options[label] = id;
            }
        }
        return new ProvisionedField(wanted.Entity, wanted.Name, wanted.FieldType, existing.FieldCode, CreatedByRun: false)
        {
            Options = options,
            OptionsCreatedByRun = toAdd,
            Purpose = wanted.Purpose,
        };
    }

    /// <summary>
    /// Labels the map needs, found among the person label field's options or added with one v1 PUT that sends
    /// every existing option by id and the new ones by label (LBL). All of the account's labels are answered,
    /// so read-back can name any label a person carries.
    /// </summary>
    private async Task<IReadOnlyList<ProvisionedLabel>> EnsureLabelsAsync(IReadOnlyList<string> wanted, Field labelField, CancellationToken cancellationToken)
    {
        var current = (labelField.Options ?? []).Where(o => o.NumericId is not null && o.Label is not null).ToList();
        var missing = wanted.Where(w => !current.Any(o => ProvisionedSchema.Same(o.Label, w))).ToList();
        var createdNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (missing.Count > 0)
        {
            var v1Fields = await client.GetPersonFieldsV1Async(cancellationToken).ConfigureAwait(false);
            var v1Label = v1Fields.FirstOrDefault(f => f.Key == labelField.FieldCode && f.Id is not null)
                ?? throw new OperatorActionRequiredException(
                    $"Pipedrive's v1 person fields do not show the label field '{labelField.FieldCode}', so the labels {string.Join(", ", missing)} cannot be added. " +
                    "Add them in Pipedrive (Settings → Labels) or map the tags to a multi-option field, then restart the run.");
            // v1 replaces the options with what is sent: keep every option v1 shows, by id, then the new ones.
            var keep = (v1Label.Options ?? []).Where(o => o.NumericId is not null && o.Label is not null)
                .Select(o => new V1OptionWrite(o.NumericId, o.Label!, o.Color)).ToList();
            var updated = await CreateOrFindAsync(
                () => client.UpdatePersonFieldOptionsAsync(v1Label.Id!.Value, [.. keep, .. missing.Select(m => new V1OptionWrite(null, m, "gray"))], cancellationToken),
                async () =>
                {
                    // Committed when every missing label is there now; sending the list again would renumber them.
                    var now = (await client.GetPersonFieldsV1Async(cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Id == v1Label.Id);
                    return now is not null && missing.All(m => (now.Options ?? []).Any(o => ProvisionedSchema.Same(o.Label, m))) ? now : null;
                }).ConfigureAwait(false);
            current = (updated.Options ?? []).Where(o => o.NumericId is not null && o.Label is not null).ToList();
            foreach (var name in missing)
                createdNames.Add(name);
        }

        var result = new List<ProvisionedLabel>();
        foreach (var option in current)
            result.Add(new ProvisionedLabel(option.Label!, option.NumericId!.Value, createdNames.Contains(option.Label!)));
        foreach (var name in wanted.Where(w => !result.Any(r => ProvisionedSchema.Same(r.Name, w))))
            throw new PipedriveTransientException(System.Net.HttpStatusCode.OK, $"Pipedrive did not answer with the person label '{name}' after adding it.");
        return result;
    }

    private static Dictionary<string, long> OptionMap(IReadOnlyList<FieldOption>? options)
    {
        var map = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options ?? [])
        {
            if (option.Label is { } label && option.NumericId is { } id)
                map.TryAdd(label, id);
        }
        return map;
    }
}
