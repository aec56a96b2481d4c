using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Migration.Sandbox.Pipedrive;

/// <summary>Field definitions and their options: custom fields count towards the plan's cap across entities.</summary>
internal sealed partial class PipedriveAccount
{
    /// <summary>The fields responses show: deleted custom fields are hidden (CF).</summary>
    public IReadOnlyList<FieldDefinition> Fields(FieldEntity entity)
    {
        lock (gate)
        {
            return [.. fields[entity].Where(f => !f.IsDeleted)];
        }
    }

    public FieldDefinition? FindField(FieldEntity entity, string code)
    {
        lock (gate)
        {
            return fields[entity].FirstOrDefault(f => f.FieldCode == code && !f.IsDeleted);
        }
    }

    public int CustomFieldCount()
    {
        lock (gate)
        {
            return FieldEntities.WithCustomFields.Sum(e => fields[e].Count(f => f.IsCustom && !f.IsDeleted));
        }
    }

    public FieldDefinition AddField(FieldEntity entity, FieldWriteRules.NewField request)
    {
        lock (gate)
        {
            if (CustomFieldCount() >= CustomFieldCap)
            {
                throw RequestRejected.Capped(
                    $"You have reached the limit of {CustomFieldCap} custom fields for your plan. Delete custom fields or upgrade your plan to add more.",
                    RequestRejected.CustomFieldsCapCode);
            }

            // A fresh 40-character hex key per account, never reused: clients must resolve keys, not assume them.
            string code;
            do
            {
                code = keys.Hex(40);
            }
            while (fields.Values.Any(list => list.Any(f => f.FieldCode == code)));

            var now = Now();
            var options = request.OptionLabels?.Select(label => new FieldOption(nextOptionId++, label, null, now, now)).ToArray();
            var field = new FieldDefinition(
                code, request.Name, request.FieldType, IsCustom: true, options, FieldTypes.SubfieldsFor(code, request.FieldType),
                UiVisibility: request.UiVisibility, ImportantFields: request.ImportantFields, RequiredFields: request.RequiredFields);
            fields[entity].Add(field);
            return field;
        }
    }

    public FieldDefinition UpdateField(FieldEntity entity, string code, JsonObject body)
    {
        lock (gate)
        {
            var (index, current) = CustomField(entity, code);
            return fields[entity][index] = FieldWriteRules.Update(current, body);
        }
    }

    /// <summary>Marks the field deleted: hidden from responses, its key ignored by writes, its slot freed under the cap.</summary>
    public FieldDefinition DeleteField(FieldEntity entity, string code)
    {
        lock (gate)
        {
            var (index, current) = CustomField(entity, code);
            return fields[entity][index] = current with { IsDeleted = true };
        }
    }

    /// <summary>Adds options at the end; all or nothing. Answers only the new ones (spec addPersonFieldOptions).</summary>
    public IReadOnlyList<FieldOption> AddOptions(FieldEntity entity, string code, JsonArray body)
    {
        lock (gate)
        {
            var (index, current) = OptionField(entity, code);
            var labels = FieldWriteRules.Labels(body, withIds: false);
            if (current.Options!.Count + labels.Count > FieldWriteRules.MaxOptions)
            {
                throw RequestRejected.BadRequest($"a field can have at most {FieldWriteRules.MaxOptions} options");
            }

            var now = Now();
            var added = labels.Select(l => new FieldOption(nextOptionId++, l.Label, null, now, now)).ToArray();
            fields[entity][index] = current with { Options = [.. current.Options, .. added] };
            return added;
        }
    }

    /// <summary>Renames options; fails as a whole when any id is unknown. Answers only the updated ones.</summary>
    public IReadOnlyList<FieldOption> UpdateOptions(FieldEntity entity, string code, JsonArray body)
    {
        lock (gate)
        {
            var (index, current) = OptionField(entity, code);
            var changes = FieldWriteRules.Labels(body, withIds: true);
            MissingOption(current, changes.Select(c => c.Id!.Value));
            var now = Now();
            var byId = changes.ToDictionary(c => c.Id!.Value, c => c.Label);
            var options = current.Options!.Select(o => o.Id is int id && byId.TryGetValue(id, out var label) ? o with { Label = label, UpdateTime = now } : o).ToArray();
            fields[entity][index] = current with { Options = options };
            return [.. options.Where(o => o.Id is int id && byId.ContainsKey(id))];
        }
    }

    /// <summary>
    /// Removes options; fails as a whole when any id is unknown. Values that chose a removed option lose it
    /// (a set keeps its other choices; an emptied set or an enum becomes unset). Answers the removed options.
    /// </summary>
    public IReadOnlyList<FieldOption> DeleteOptions(FieldEntity entity, string code, JsonArray body)
    {
        lock (gate)
        {
            var (index, current) = OptionField(entity, code);
            var ids = FieldWriteRules.Labels(body, withIds: true, withLabels: false).Select(c => c.Id!.Value).ToHashSet();
            MissingOption(current, ids);
            var removed = current.Options!.Where(o => o.Id is int id && ids.Contains(id)).ToArray();
            fields[entity][index] = current with { Options = [.. current.Options!.Where(o => !removed.Contains(o))] };
            ForgetOptions(entity, code, ids);
            return removed;
        }
    }

    /// <summary>
    /// Live fields with their v1 ids. v1 ids are numbers v2 does not show; here they are the field's position in the
    /// entity's list (deleted fields keep theirs), so they are stable for the life of the account.
    /// </summary>
    public IReadOnlyList<(int Id, FieldDefinition Field)> V1Fields(FieldEntity entity)
    {
        lock (gate)
        {
            return [.. fields[entity].Select((f, i) => (Id: i + 1, Field: f)).Where(x => !x.Field.IsDeleted)];
        }
    }

    /// <summary>
    /// v1 PUT /personFields/{id} (openapi-v1.yaml updatePersonField): <c>name</c> for custom fields; <c>options</c> for
    /// enum/set custom fields and the built-in <c>label_ids</c> field, the documented way to add labels (LBL). "All active
    /// items must be supplied": existing ones by id (label may change), new ones by label only; those left out are
    /// removed, and records lose them.
    /// </summary>
    public FieldDefinition UpdateFieldV1(FieldEntity entity, int id, JsonObject body)
    {
        lock (gate)
        {
            var index = id - 1;
            if (index < 0 || index >= fields[entity].Count || fields[entity][index].IsDeleted)
            {
                throw RequestRejected.NotFound("Field not found");
            }

            var current = fields[entity][index];
            JsonRules.OnlyKnownKeys(body, "body", ["name", "options", "add_visible_flag"]);
            _ = JsonRules.OptionalBool(body["add_visible_flag"], "add_visible_flag");
            var updated = current;
            var now = Now();
            if (body.TryGetPropertyValue("name", out var nameNode))
            {
                if (!current.IsCustom)
                {
                    throw RequestRejected.BadRequest($"{current.FieldCode} is a built-in field; its name cannot be changed");
                }

                var name = JsonRules.OptionalString(nameNode, "name", FieldWriteRules.NameLimit);
                updated = updated with { FieldName = string.IsNullOrWhiteSpace(name) ? throw RequestRejected.BadRequest("name must not be empty") : name };
            }

            HashSet<int> removed = [];
            if (body.TryGetPropertyValue("options", out var optionsNode))
            {
                var isLabels = !current.IsCustom && current.FieldCode == "label_ids";
                if (!(isLabels || (current.IsCustom && FieldTypes.HasOptions(current.FieldType))))
                {
                    throw RequestRejected.BadRequest($"{current.FieldCode} has no options that can be changed");
                }

                var items = JsonRules.OptionalArray(optionsNode, "options") ?? throw RequestRejected.BadRequest("options must be an array");
                if (items.Count == 0)
                {
                    throw RequestRejected.BadRequest("options must not be empty");
                }

                if (items.Count > FieldWriteRules.MaxOptions)
                {
                    throw RequestRejected.BadRequest($"a field can have at most {FieldWriteRules.MaxOptions} options");
                }

                var kept = new List<FieldOption>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    var path = $"options[{i}]";
                    var item = items[i] as JsonObject ?? throw RequestRejected.BadRequest($"{path} must be an object");
                    JsonRules.OnlyKnownKeys(item, path, ["id", "label", "color"]);
                    var label = JsonRules.OptionalString(item["label"], path + ".label", FieldWriteRules.NameLimit);
                    if (string.IsNullOrWhiteSpace(label))
                    {
                        throw RequestRejected.BadRequest($"{path}.label is required (1 to 255 characters)");
                    }

                    var color = JsonRules.OptionalString(item["color"], path + ".color", 32);
                    if (JsonRules.OptionalInt(item["id"], path + ".id") is { } optionId)
                    {
                        var existing = current.FindOption(optionId) ?? throw RequestRejected.BadRequest($"{path}.id: option {optionId} does not exist on field {current.FieldCode}");
                        kept.Add(existing.Label == label && (color is null || existing.Color == color)
                            ? existing
                            : existing with { Label = label, Color = color ?? existing.Color, UpdateTime = now });
                    }
                    else
                    {
                        kept.Add(new FieldOption(nextOptionId++, label, color, now, now));
                    }
                }

                removed = [.. current.Options!.Select(o => o.Id).OfType<int>().Where(oid => !kept.Any(k => k.Id.Equals(oid)))];
                updated = updated with { Options = kept };
            }

            fields[entity][index] = updated;
            if (removed.Count > 0)
            {
                if (current.IsCustom)
                {
                    ForgetOptions(entity, current.FieldCode, removed);
                }
                else if (entity == FieldEntity.Person)
                {
                    foreach (var p in persons.Values.ToList())
                    {
                        persons[p.Id] = p with { LabelIds = [.. p.LabelIds.Where(l => !removed.Contains(l))] };
                    }
                }
            }

            return updated;
        }
    }

    private static void MissingOption(FieldDefinition field, IEnumerable<int> ids)
    {
        if (ids.FirstOrDefault(id => field.FindOption(id) is null, -1) is var missing && missing != -1)
        {
            throw RequestRejected.BadRequest($"option {missing} does not exist on field {field.FieldCode}; nothing was changed");
        }
    }

    private (int Index, FieldDefinition Field) CustomField(FieldEntity entity, string code)
    {
        var index = fields[entity].FindIndex(f => f.FieldCode == code && !f.IsDeleted);
        if (index < 0)
        {
            throw RequestRejected.NotFound("Field not found");
        }

        return fields[entity][index].IsCustom
            ? (index, fields[entity][index])
            : throw RequestRejected.BadRequest($"{code} is a built-in field; only custom fields can be changed");
    }

    /// <summary>
    /// Whether the options endpoints accept the built-in label field is not documented (pipedrive-api.md §12), so
    /// they are refused here: a client that relies on it learns in a test rather than in production.
    /// </summary>
    private (int Index, FieldDefinition Field) OptionField(FieldEntity entity, string code)
    {
        var (index, field) = CustomField(entity, code);
        return FieldTypes.HasOptions(field.FieldType)
            ? (index, field)
            : throw RequestRejected.BadRequest($"{code} is a {field.FieldType} field; only enum and set fields have options");
    }

    private void ForgetOptions(FieldEntity entity, string code, HashSet<int> ids)
    {
        ImmutableDictionary<string, JsonElement> Without(ImmutableDictionary<string, JsonElement> values)
        {
            if (!values.TryGetValue(code, out var value))
            {
                return values;
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                return ids.Contains(value.GetInt32()) ? values.Remove(code) : values;
            }

            var kept = value.EnumerateArray().Select(e => e.GetInt32()).Where(id => !ids.Contains(id)).ToArray();
            return kept.Length == 0 ? values.Remove(code) : values.SetItem(code, JsonSerializer.SerializeToElement(kept));
        }

        switch (entity)
        {
            case FieldEntity.Person:
                foreach (var p in persons.Values.ToList())
                {
                    persons[p.Id] = p with { CustomFields = Without(p.CustomFields) };
                }

                break;
            case FieldEntity.Organization:
                foreach (var o in organizations.Values.ToList())
                {
                    organizations[o.Id] = o with { CustomFields = Without(o.CustomFields) };
                }

                break;
            case FieldEntity.Deal:
                foreach (var d in deals.Values.ToList())
                {
                    deals[d.Id] = d with { CustomFields = Without(d.CustomFields) };
                }

                break;
        }
    }
}
