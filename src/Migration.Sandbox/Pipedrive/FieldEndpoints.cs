using Migration.Sandbox.Hosting;
using static Migration.Sandbox.Pipedrive.PipedriveOperations;

namespace Migration.Sandbox.Pipedrive;

/// <summary>v2 /personFields, /organizationFields, /dealFields (full) and /activityFields (read-only).</summary>
internal static partial class PipedriveEndpoints
{
    private static readonly IReadOnlySet<string> FieldNamespaces = new HashSet<string>(StringComparer.Ordinal) { "ui_visibility", "important_fields", "required_fields" };

    private sealed record FieldOperations(
        FieldEntity Entity,
        SimulatedOperation List,
        SimulatedOperation Add,
        SimulatedOperation Get,
        SimulatedOperation Update,
        SimulatedOperation Delete,
        SimulatedOperation AddOptions,
        SimulatedOperation UpdateOptions,
        SimulatedOperation DeleteOptions);

    private static void MapFields(this WebApplication app, PipedriveAccount account)
    {
        FieldOperations[] writable =
        [
            new(FieldEntity.Person, GetPersonFields, AddPersonField, GetPersonField, UpdatePersonField, DeletePersonField,
                AddPersonFieldOptions, UpdatePersonFieldOptions, DeletePersonFieldOptions),
            new(FieldEntity.Organization, GetOrganizationFields, AddOrganizationField, GetOrganizationField, UpdateOrganizationField,
                DeleteOrganizationField, AddOrganizationFieldOptions, UpdateOrganizationFieldOptions, DeleteOrganizationFieldOptions),
            new(FieldEntity.Deal, GetDealFields, AddDealField, GetDealField, UpdateDealField, DeleteDealField,
                AddDealFieldOptions, UpdateDealFieldOptions, DeleteDealFieldOptions),
        ];

        foreach (var ops in writable)
        {
            var entity = ops.Entity;
            app.MapOperation(ops.List, (HttpContext c) => ListFields(c, account, entity));
            app.MapOperation(ops.Get, (HttpContext c) => GetField(c, account, entity));
            app.MapOperation(ops.Add, async (HttpContext c) =>
                PipedriveWire.Ok(PipedriveViews.Field(account.AddField(entity, FieldWriteRules.Create(await ReadObject(c))), entity)));
            app.MapOperation(ops.Update, async (HttpContext c) =>
            {
                var code = FieldCode(c);
                return PipedriveWire.Ok(PipedriveViews.Field(account.UpdateField(entity, code, await ReadObject(c)), entity));
            });
            app.MapOperation(ops.Delete, (HttpContext c) => PipedriveWire.Ok(PipedriveViews.Field(account.DeleteField(entity, FieldCode(c)), entity)));
            app.MapOperation(ops.AddOptions, async (HttpContext c) =>
            {
                var code = FieldCode(c);
                return PipedriveWire.Options(account.AddOptions(entity, code, FieldWriteRules.OptionsBody(await ReadNode(c))));
            });
            app.MapOperation(ops.UpdateOptions, async (HttpContext c) =>
            {
                var code = FieldCode(c);
                return PipedriveWire.Options(account.UpdateOptions(entity, code, FieldWriteRules.OptionsBody(await ReadNode(c))));
            });
            app.MapOperation(ops.DeleteOptions, async (HttpContext c) =>
            {
                var code = FieldCode(c);
                return PipedriveWire.Options(account.DeleteOptions(entity, code, FieldWriteRules.OptionsBody(await ReadNode(c))));
            });
        }

        app.MapOperation(GetActivityFields, (HttpContext c) => ListFields(c, account, FieldEntity.Activity));
        app.MapOperation(GetActivityField, (HttpContext c) => GetField(c, account, FieldEntity.Activity));
    }

    private static IResult ListFields(HttpContext context, PipedriveAccount account, FieldEntity entity)
    {
        var query = context.Request.Query;
        var include = IncludedNamespaces(query);
        var page = RecordListing.Offset(account.Fields(entity), query, entity.Route());
        return PipedriveWire.Page(page.Items.Select(f => PipedriveViews.Field(f, entity, include)).ToArray(), page.NextCursor);
    }

    private static IResult GetField(HttpContext context, PipedriveAccount account, FieldEntity entity) =>
        account.FindField(entity, FieldCode(context)) is { } field
            ? PipedriveWire.Ok(PipedriveViews.Field(field, entity, IncludedNamespaces(context.Request.Query)))
            : PipedriveWire.Error(StatusCodes.Status404NotFound, "Field not found");

    private static IReadOnlySet<string>? IncludedNamespaces(IQueryCollection query)
    {
        var include = QueryRules.List(query, "include_fields");
        return include?.FirstOrDefault(n => !FieldNamespaces.Contains(n)) is { } unknown
            ? throw RequestRejected.BadRequest($"include_fields: '{unknown}' is not one of important_fields, required_fields, ui_visibility")
            : include;
    }

    private static string FieldCode(HttpContext context) => (string)context.Request.RouteValues["field_code"]!;
}
