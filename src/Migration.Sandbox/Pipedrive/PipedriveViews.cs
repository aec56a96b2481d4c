using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Migration.Sandbox.Pipedrive;

/// <summary>What a read asks for beyond the defaults (<c>custom_fields</c>, <c>include_option_labels</c>, <c>include_fields</c>).</summary>
internal sealed record ViewOptions(IReadOnlySet<string>? CustomFieldKeys = null, bool OptionLabels = false, IReadOnlySet<string>? IncludeFields = null)
{
    public static readonly ViewOptions Default = new();

    public static ViewOptions From(IQueryCollection query) => new(
        QueryRules.CustomFieldKeys(query),
        QueryRules.OptionalBool(query, "include_option_labels") ?? false,
        QueryRules.List(query, "include_fields"));
}

/// <summary>Stored records as the API shows them.</summary>
internal static class PipedriveViews
{
    public static PersonView Person(StoredPerson person, IReadOnlyList<FieldDefinition> fields, ViewOptions? options = null) => new(
        person.Id,
        person.Name,
        person.FirstName,
        person.LastName,
        person.OwnerId,
        person.OrgId,
        JsonRules.FormatTime(person.AddTime),
        JsonRules.FormatTime(person.UpdateTime),
        [.. person.Emails.Select(e => new ContactView(e.Value, e.Primary, e.Label))],
        [.. person.Phones.Select(p => new ContactView(p.Value, p.Primary, p.Label))],
        person.IsDeleted,
        person.VisibleTo,
        [.. person.LabelIds],
        person.PictureId,
        CustomFields(person.CustomFields, fields, options ?? ViewOptions.Default));

    public static OrganizationView Organization(StoredOrganization organization, IReadOnlyList<FieldDefinition> fields, ViewOptions? options = null) => new(
        organization.Id,
        organization.Name,
        organization.OwnerId,
        JsonRules.FormatTime(organization.AddTime),
        JsonRules.FormatTime(organization.UpdateTime),
        organization.IsDeleted,
        organization.VisibleTo,
        AddressJson.From(organization.Address),
        [.. organization.LabelIds],
        organization.Website,
        organization.Linkedin,
        organization.Industry,
        organization.AnnualRevenue,
        organization.EmployeeCount,
        CustomFields(organization.CustomFields, fields, options ?? ViewOptions.Default));

    public static DealView Deal(StoredDeal deal, IReadOnlyList<FieldDefinition> fields, ViewOptions? options = null) => new(
        deal.Id,
        deal.Title,
        deal.OwnerId,
        deal.PersonId,
        deal.OrgId,
        deal.PipelineId,
        deal.StageId,
        deal.Value,
        deal.Currency,
        JsonRules.FormatTime(deal.AddTime),
        JsonRules.FormatTime(deal.UpdateTime),
        Time(deal.StageChangeTime),
        deal.IsDeleted,
        deal.IsArchived,
        deal.Status,
        deal.Probability,
        deal.LostReason,
        deal.VisibleTo,
        Time(deal.CloseTime),
        Time(deal.WonTime),
        Time(deal.LostTime),
        deal.ExpectedCloseDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        [.. deal.LabelIds],
        Origin: "API",
        OriginId: null,
        Channel: null,
        ChannelId: null,
        SourceLeadId: null,
        Arr: null,
        Mrr: null,
        Acv: null,
        CustomFields(deal.CustomFields, fields, options ?? ViewOptions.Default));

    /// <summary>Attendees appear only when asked for (<c>include_fields=attendees</c>) or on writes, which echo the whole activity.</summary>
    public static ActivityView Activity(StoredActivity activity, bool withAttendees) => new(
        activity.Id,
        activity.Subject,
        activity.Type,
        activity.OwnerId,
        activity.CreatorUserId,
        activity.IsDeleted,
        JsonRules.FormatTime(activity.AddTime),
        JsonRules.FormatTime(activity.UpdateTime),
        activity.DealId,
        LeadId: null,
        activity.PersonId,
        activity.OrgId,
        ProjectId: null,
        activity.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        activity.DueTime?.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        activity.Duration,
        activity.Busy,
        activity.Done,
        Time(activity.MarkedAsDoneTime),
        AddressJson.From(activity.Location),
        [.. activity.Participants.Select(p => new ParticipantView(p.PersonId, p.Primary))],
        withAttendees ? [.. activity.Attendees.Select(a => new AttendeeView(a.Email, a.Name, a.Status, a.IsOrganizer, a.PersonId, a.UserId))] : null,
        ConferenceMeetingClient: null,
        ConferenceMeetingUrl: null,
        ConferenceMeetingId: null,
        activity.PublicDescription,
        activity.Priority,
        activity.Note);

    public static PipelineView Pipeline(StoredPipeline pipeline) => new(
        pipeline.Id, pipeline.Name, pipeline.OrderNr, pipeline.IsDeleted, pipeline.IsDealProbabilityEnabled,
        JsonRules.FormatTime(pipeline.AddTime), JsonRules.FormatTime(pipeline.UpdateTime));

    public static StageView Stage(StoredStage stage) => new(
        stage.Id, stage.OrderNr, stage.Name, stage.IsDeleted, stage.DealProbability, stage.PipelineId, stage.IsDealRotEnabled,
        stage.DaysToRotten, JsonRules.FormatTime(stage.AddTime), JsonRules.FormatTime(stage.UpdateTime));

    public static FieldView Field(FieldDefinition field, FieldEntity entity, IReadOnlySet<string>? includeFields = null) => new(
        field.FieldName,
        field.FieldCode,
        field.Description,
        field.FieldType,
        field.Options?.Select(o => new OptionView(
            o.Id, o.Label, o.Color,
            o.AddTime is { } added ? JsonRules.FormatTime(added) : null,
            o.UpdateTime is { } updated ? JsonRules.FormatTime(updated) : null)).ToArray(),
        field.Subfields?.Select(s => new SubfieldView(s.FieldCode, s.FieldName, s.FieldType)).ToArray(),
        field.IsCustom,
        field.IsOptionalResponse,
        includeFields?.Contains("ui_visibility") == true ? field.UiVisibility ?? FieldDefaults.UiVisibility(entity) : null,
        includeFields?.Contains("important_fields") == true && entity != FieldEntity.Activity ? field.ImportantFields ?? FieldDefaults.ImportantFields : null,
        includeFields?.Contains("required_fields") == true && entity != FieldEntity.Activity ? field.RequiredFields ?? FieldDefaults.RequiredFields(entity) : null);

    /// <summary>A field as v1 <c>/personFields</c> shows it: numeric <c>id</c>, <c>key</c> (the v2 field_code), <c>edit_flag</c> for custom.</summary>
    /// <summary>openapi-v1.yaml's field_type enum for v1 fields.</summary>
    public static readonly IReadOnlySet<string> V1FieldTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "address", "date", "daterange", "double", "enum", "monetary", "org", "people", "phone", "set", "text", "time", "timerange",
        "user", "varchar", "varchar_auto", "visible_to",
    };

    public static V1FieldView V1Field(int id, FieldDefinition field) => new(
        id,
        field.FieldCode,
        field.FieldName,
        id,
        field.FieldType,
        ActiveFlag: !field.IsDeleted,
        EditFlag: field.IsCustom,
        field.Options?.Select(o => new V1OptionView(o.Id, o.Label, o.Color)).ToArray());

    public static UserView User(PipedriveUser user) => new(
        user.Id,
        user.Name,
        DefaultCurrency: DealWriteRules.DefaultCurrency,
        Locale: "en_US",
        Lang: 1,
        user.Email,
        Phone: null,
        Activated: true,
        LastLogin: JsonRules.FormatV1Time(user.Created.AddDays(300)),
        Created: JsonRules.FormatV1Time(user.Created),
        Modified: JsonRules.FormatV1Time(user.Created),
        HasCreatedCompany: user.Id == PipedriveAccount.CompanyUserId,
        Access: [new AccessView("sales", user.IsAdmin, user.IsAdmin ? "00000000-0000-4000-8000-000000000001" : "00000000-0000-4000-8000-000000000002")],
        ActiveFlag: true,
        user.TimezoneName,
        user.TimezoneOffset,
        RoleId: 1,
        IconUrl: null,
        IsYou: user.Id == PipedriveAccount.CompanyUserId,
        IsDeleted: false);

    public static ActivityTypeView ActivityType(StoredActivityType type) => new(
        type.Id, type.Name, type.IconKey, type.Color ?? "FFFFFF", type.OrderNr, type.KeyString, type.ActiveFlag, type.IsCustomFlag,
        JsonRules.FormatV1Time(type.AddTime), JsonRules.FormatV1Time(type.UpdateTime));

    /// <summary>Lists leave out the conditions, as the spec's GET /filters example does.</summary>
    public static FilterView Filter(StoredFilter filter, bool withConditions) => new(
        filter.Id, filter.Name, FilterCode: null, IsEditable: true, filter.ActiveFlag, filter.Type, TemporaryFlag: null, filter.UserId,
        JsonRules.FormatV1Time(filter.AddTime), JsonRules.FormatV1Time(filter.UpdateTime), VisibleTo: "7", LastUsedTime: null,
        CustomViewId: null, withConditions ? filter.Conditions : null);

    public static NoteView Note(StoredNote note, AccountSnapshot account)
    {
        var user = account.Users.FirstOrDefault(u => u.Id == note.UserId);
        return new NoteView(
            note.Id,
            note.ActiveFlag,
            JsonRules.FormatV1Time(note.AddTime),
            note.Content,
            note.DealId is { } dealId ? new TitleView(account.Deals.First(d => d.Id == dealId).Title) : null,
            LeadId: null,
            note.DealId,
            note.LastUpdateUserId,
            note.OrgId,
            note.OrgId is { } orgId ? new NameView(account.Organizations.First(o => o.Id == orgId).Name) : null,
            note.PersonId is { } personId ? new NameView(account.Persons.First(p => p.Id == personId).Name) : null,
            note.PersonId,
            ProjectId: null,
            Project: null,
            TaskId: null,
            Task: null,
            note.PinnedToDeal,
            note.PinnedToOrganization,
            note.PinnedToPerson,
            PinnedToProjectFlag: false,
            PinnedToTaskFlag: false,
            JsonRules.FormatV1Time(note.UpdateTime),
            user is null ? null : new NoteUserView(user.Email, null, user.Id == PipedriveAccount.CompanyUserId, user.Name),
            note.UserId);
    }

    /// <summary>
    /// Every live custom field appears, null when unset, unless the caller asked for a subset (<c>custom_fields=</c>).
    /// With <c>include_option_labels</c> enum and set values come as <c>{id, label}</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, JsonElement?> CustomFields(
        IReadOnlyDictionary<string, JsonElement> values, IReadOnlyList<FieldDefinition> fields, ViewOptions options)
    {
        var custom = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!field.IsCustom || field.IsDeleted || (options.CustomFieldKeys is { } only && !only.Contains(field.FieldCode)))
            {
                continue;
            }

            JsonElement? value = values.TryGetValue(field.FieldCode, out var stored) ? stored : null;
            if (value is { } v && options.OptionLabels && FieldTypes.HasOptions(field.FieldType))
            {
                value = v.ValueKind == JsonValueKind.Array
                    ? JsonSerializer.SerializeToElement(v.EnumerateArray().Select(id => Labelled(field, id.GetInt32())).ToArray())
                    : JsonSerializer.SerializeToElement(Labelled(field, v.GetInt32()));
            }

            custom[field.FieldCode] = value;
        }

        return custom;
    }

    private static JsonObject Labelled(FieldDefinition field, int id) =>
        new() { ["id"] = id, ["label"] = field.FindOption(id)?.Label };

    private static string? Time(DateTimeOffset? value) => value is { } t ? JsonRules.FormatTime(t) : null;
}

/// <summary>What a field answers for <c>include_fields</c> when nobody configured it.</summary>
internal static class FieldDefaults
{
    public static readonly JsonElement ImportantFields = JsonSerializer.SerializeToElement(new { enabled = false, stage_ids = Array.Empty<int>() });

    public static JsonElement UiVisibility(FieldEntity entity) => entity switch
    {
        FieldEntity.Deal => JsonSerializer.SerializeToElement(new
        {
            add_visible_flag = true,
            details_visible_flag = true,
            projects_detail_visible_flag = false,
            show_in_pipelines = new { show_in_all = true, pipeline_ids = Array.Empty<int>() },
        }),
        FieldEntity.Activity => JsonSerializer.SerializeToElement(new { add_visible_flag = true, details_visible_flag = true }),
        _ => JsonSerializer.SerializeToElement(new
        {
            add_visible_flag = true,
            details_visible_flag = true,
            show_in_add_deal_dialog = new { show = false, order = (int?)null },
        }),
    };

    public static JsonElement RequiredFields(FieldEntity entity) => entity == FieldEntity.Deal
        ? JsonSerializer.SerializeToElement(new { enabled = false, stage_ids = Array.Empty<int>(), statuses = new { } })
        : JsonSerializer.SerializeToElement(new { enabled = false });
}

internal sealed record ContactView(string Value, bool Primary, string Label);

internal sealed record PersonView(
    int Id,
    string Name,
    string? FirstName,
    string? LastName,
    int OwnerId,
    int? OrgId,
    string AddTime,
    string UpdateTime,
    IReadOnlyList<ContactView> Emails,
    IReadOnlyList<ContactView> Phones,
    bool IsDeleted,
    int VisibleTo,
    IReadOnlyList<int> LabelIds,
    int? PictureId,
    IReadOnlyDictionary<string, JsonElement?> CustomFields);

internal sealed record OrganizationView(
    int Id,
    string Name,
    int OwnerId,
    string AddTime,
    string UpdateTime,
    bool IsDeleted,
    int VisibleTo,
    JsonObject? Address,
    IReadOnlyList<int> LabelIds,
    string? Website,
    string? Linkedin,
    int? Industry,
    int? AnnualRevenue,
    int? EmployeeCount,
    IReadOnlyDictionary<string, JsonElement?> CustomFields);

internal sealed record DealView(
    int Id,
    string Title,
    int OwnerId,
    int? PersonId,
    int? OrgId,
    int PipelineId,
    int StageId,
    decimal Value,
    string Currency,
    string AddTime,
    string UpdateTime,
    string? StageChangeTime,
    bool IsDeleted,
    bool IsArchived,
    string Status,
    decimal? Probability,
    string? LostReason,
    int VisibleTo,
    string? CloseTime,
    string? WonTime,
    string? LostTime,
    string? ExpectedCloseDate,
    IReadOnlyList<int> LabelIds,
    string Origin,
    string? OriginId,
    int? Channel,
    string? ChannelId,
    string? SourceLeadId,
    decimal? Arr,
    decimal? Mrr,
    decimal? Acv,
    IReadOnlyDictionary<string, JsonElement?> CustomFields);

internal sealed record ParticipantView(int PersonId, bool Primary);

internal sealed record AttendeeView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? IsOrganizer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PersonId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UserId);

internal sealed record ActivityView(
    int Id,
    string Subject,
    string Type,
    int OwnerId,
    int CreatorUserId,
    bool IsDeleted,
    string AddTime,
    string UpdateTime,
    int? DealId,
    string? LeadId,
    int? PersonId,
    int? OrgId,
    int? ProjectId,
    string? DueDate,
    string? DueTime,
    string? Duration,
    bool Busy,
    bool Done,
    string? MarkedAsDoneTime,
    JsonObject? Location,
    IReadOnlyList<ParticipantView> Participants,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AttendeeView>? Attendees,
    string? ConferenceMeetingClient,
    string? ConferenceMeetingUrl,
    string? ConferenceMeetingId,
    string? PublicDescription,
    int? Priority,
    string? Note);

internal sealed record PipelineView(int Id, string Name, int OrderNr, bool IsDeleted, bool IsDealProbabilityEnabled, string AddTime, string UpdateTime);

internal sealed record StageView(
    int Id,
    int OrderNr,
    string Name,
    bool IsDeleted,
    int DealProbability,
    int PipelineId,
    bool IsDealRotEnabled,
    int? DaysToRotten,
    string AddTime,
    string UpdateTime);

internal sealed record V1FieldView(
    int Id, string Key, string Name, int OrderNr, string FieldType, bool ActiveFlag, bool EditFlag, IReadOnlyList<V1OptionView>? Options);

internal sealed record V1OptionView(object Id, string Label, string? Color);

internal sealed record OptionView(object Id, string Label, string? Color, string? AddTime, string? UpdateTime);

internal sealed record SubfieldView(string FieldCode, string FieldName, string FieldType);

internal sealed record FieldView(
    string FieldName,
    string FieldCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    string FieldType,
    IReadOnlyList<OptionView>? Options,
    IReadOnlyList<SubfieldView>? Subfields,
    bool IsCustomField,
    bool IsOptionalResponseField,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? UiVisibility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? ImportantFields,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? RequiredFields);

internal sealed record AccessView(string App, bool Admin, string PermissionSetId);

internal sealed record UserView(
    int Id,
    string Name,
    string DefaultCurrency,
    string Locale,
    int Lang,
    string Email,
    string? Phone,
    bool Activated,
    string LastLogin,
    string Created,
    string? Modified,
    bool HasCreatedCompany,
    IReadOnlyList<AccessView> Access,
    bool ActiveFlag,
    string TimezoneName,
    string TimezoneOffset,
    int RoleId,
    string? IconUrl,
    bool IsYou,
    bool IsDeleted);

internal sealed record LanguageView(string LanguageCode, string CountryCode);

/// <summary>GET /users/me: the user plus the company (spec getCurrentUser).</summary>
internal sealed record CurrentUserView(
    int Id,
    string Name,
    string DefaultCurrency,
    string Locale,
    int Lang,
    string Email,
    string? Phone,
    bool Activated,
    string LastLogin,
    string Created,
    string? Modified,
    bool HasCreatedCompany,
    IReadOnlyList<AccessView> Access,
    bool ActiveFlag,
    string TimezoneName,
    string TimezoneOffset,
    int RoleId,
    string? IconUrl,
    bool IsYou,
    bool IsDeleted,
    int CompanyId,
    string CompanyName,
    string CompanyDomain,
    string CompanyCountry,
    string CompanyIndustry,
    LanguageView Language);

internal sealed record ActivityTypeView(
    int Id,
    string Name,
    string IconKey,
    string Color,
    int OrderNr,
    string KeyString,
    bool ActiveFlag,
    bool IsCustomFlag,
    string AddTime,
    string UpdateTime);

internal sealed record FilterView(
    int Id,
    string Name,
    string? FilterCode,
    bool IsEditable,
    bool ActiveFlag,
    string Type,
    bool? TemporaryFlag,
    int UserId,
    string AddTime,
    string? UpdateTime,
    string VisibleTo,
    string? LastUsedTime,
    int? CustomViewId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Conditions);

internal sealed record TitleView(string Title);

internal sealed record NameView(string Name);

internal sealed record NoteUserView(string Email, string? IconUrl, bool IsYou, string Name);

internal sealed record NoteView(
    int Id,
    bool ActiveFlag,
    string AddTime,
    string Content,
    TitleView? Deal,
    string? LeadId,
    int? DealId,
    int? LastUpdateUserId,
    int? OrgId,
    NameView? Organization,
    NameView? Person,
    int? PersonId,
    int? ProjectId,
    TitleView? Project,
    int? TaskId,
    TitleView? Task,
    bool PinnedToDealFlag,
    bool PinnedToOrganizationFlag,
    bool PinnedToPersonFlag,
    bool PinnedToProjectFlag,
    bool PinnedToTaskFlag,
    string UpdateTime,
    NoteUserView? User,
    int UserId);
