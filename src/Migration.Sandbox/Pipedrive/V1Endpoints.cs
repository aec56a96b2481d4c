using static Migration.Sandbox.Pipedrive.PipedriveOperations;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// The v1 operations where v2 has nothing: users, activity types, filters, notes (pipedrive-api.md §3), and v1 person
/// fields (list, update), the documented way to add person label options (LBL).
/// </summary>
internal static partial class PipedriveEndpoints
{
    private static void MapUsers(this WebApplication app, PipedriveAccount account)
    {
        app.MapV1(GetUsers, () => PipedriveWire.Ok(account.Users().Select(PipedriveViews.User).ToArray()));
        app.MapV1(FindUsersByName, (HttpContext c) =>
        {
            var term = c.Request.Query["term"].ToString().Trim();
            if (term.Length == 0)
            {
                throw RequestRejected.BadRequest("term is required");
            }

            var byEmail = c.Request.Query["search_by_email"].ToString() switch
            {
                "" or "0" => false,
                "1" => true,
                _ => throw RequestRejected.BadRequest("search_by_email must be 0 or 1"),
            };
            var found = account.Users().Where(u => (byEmail ? u.Email : u.Name).Contains(term, StringComparison.OrdinalIgnoreCase));
            return PipedriveWire.Ok(found.Select(PipedriveViews.User).ToArray());
        });
        app.MapV1(GetCurrentUser, () =>
        {
            var me = PipedriveViews.User(account.Users().Single(u => u.Id == PipedriveAccount.CompanyUserId));
            return PipedriveWire.Ok(new CurrentUserView(
                me.Id, me.Name, me.DefaultCurrency, me.Locale, me.Lang, me.Email, me.Phone, me.Activated, me.LastLogin, me.Created,
                me.Modified, me.HasCreatedCompany, me.Access, me.ActiveFlag, me.TimezoneName, me.TimezoneOffset, me.RoleId, me.IconUrl,
                me.IsYou, me.IsDeleted, CompanyId: 7_000_001, CompanyName: "Sandbox Company", CompanyDomain: "sandbox",
                CompanyCountry: "TR", CompanyIndustry: "Technology", new LanguageView("en", "US")));
        });
    }

    private static void MapPersonFieldsV1(this WebApplication app, PipedriveAccount account)
    {
        app.MapV1(GetPersonFieldsV1, (HttpContext c) =>
        {
            var query = c.Request.Query;
            var start = QueryRules.Start(query);

            var limit = QueryRules.Limit(query);
            // v1 shows only the types its field_type enum names (no picture, no optional counters).
            var all = account.V1Fields(FieldEntity.Person).Where(f => PipedriveViews.V1FieldTypes.Contains(f.Field.FieldType) && !f.Field.IsOptionalResponse).ToList();
            var page = all.Skip(start).Take(limit).Select(f => PipedriveViews.V1Field(f.Id, f.Field)).ToList();
            // getPersonFields declares additional_data as {start, limit, more_items_in_collection}, not under pagination.
            return Results.Json(new V1FieldsEnvelope(true, page, new V1FieldsPage(start, limit, start + page.Count < all.Count)), PipedriveWire.Json);
        });
        app.MapV1(UpdatePersonFieldV1, async (HttpContext c) =>
        {
            var id = RouteId(c);
            var field = account.UpdateFieldV1(FieldEntity.Person, id, await ReadObject(c));
            return PipedriveWire.Ok(PipedriveViews.V1Field(id, field));
        });
    }

    private static void MapActivityTypes(this WebApplication app, PipedriveAccount account)
    {
        app.MapV1(GetActivityTypes, () => PipedriveWire.Ok(account.ActivityTypes().Select(PipedriveViews.ActivityType).ToArray()));
        app.MapV1(AddActivityType, async (HttpContext c) => PipedriveWire.Ok(PipedriveViews.ActivityType(account.AddActivityType(await ReadObject(c)))));
        app.MapV1(UpdateActivityType, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.ActivityType(account.UpdateActivityType(id, await ReadObject(c))));
        });
        app.MapV1(DeleteActivityType, (HttpContext c) => PipedriveWire.Ok(PipedriveViews.ActivityType(account.DeleteActivityType(RouteId(c)))));
    }

    private static void MapFilters(this WebApplication app, PipedriveAccount account)
    {
        app.MapV1(GetFilters, (HttpContext c) =>
        {
            var type = c.Request.Query["type"].ToString();
            if (type.Length > 0 && !FilterRules.Types.Contains(type))
            {
                throw RequestRejected.BadRequest($"type must be one of {string.Join(", ", FilterRules.Types.Order())}");
            }

            var filters = account.Filters().Where(f => f.ActiveFlag && (type.Length == 0 || f.Type == type));
            return PipedriveWire.Ok(filters.Select(f => PipedriveViews.Filter(f, withConditions: false)).ToArray());
        });
        app.MapV1(AddFilter, async (HttpContext c) => PipedriveWire.Ok(PipedriveViews.Filter(account.AddFilter(await ReadObject(c)), withConditions: true)));
        app.MapV1(GetFilter, (HttpContext c) =>
            account.Filters().FirstOrDefault(f => f.Id == RouteId(c) && f.ActiveFlag) is { } filter
                ? PipedriveWire.Ok(PipedriveViews.Filter(filter, withConditions: true))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Filter not found"));
        app.MapV1(UpdateFilter, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.Filter(account.UpdateFilter(id, await ReadObject(c)), withConditions: true));
        });
        app.MapV1(DeleteFilter, (HttpContext c) =>
        {
            var id = RouteId(c);
            account.DeleteFilters([id]);
            return PipedriveWire.Ok(new DeletedData(id));
        });
        app.MapV1(DeleteFilters, (HttpContext c) =>
        {
            // No documented maximum for legacy bulk deletes (pipedrive-api.md §12); 100 like v2's ids.
            var ids = QueryRules.Ids(c.Request.Query) ?? throw RequestRejected.BadRequest("ids is required");
            var ordered = ids.Order().ToList();
            account.DeleteFilters(ordered);
            return PipedriveWire.Ok(new DeletedIds(ordered));
        });
    }

    private static void MapNotes(this WebApplication app, PipedriveAccount account)
    {
        app.MapV1(GetNotes, (HttpContext c) =>
        {
            var query = c.Request.Query;
            var start = QueryRules.Start(query);

            var limit = QueryRules.Limit(query);
            var snapshot = account.Snapshot();
            var page = NoteListing.List(snapshot.Notes, query, start, limit, out var more);
            return PipedriveWire.OffsetPage(page.Select(n => PipedriveViews.Note(n, snapshot)).ToArray(), start, limit, more);
        });
        app.MapV1(AddNote, async (HttpContext c) =>
        {
            var note = account.AddNote(await ReadObject(c));
            return PipedriveWire.Ok(PipedriveViews.Note(note, account.Snapshot()));
        });
        app.MapV1(GetNote, (HttpContext c) =>
        {
            var snapshot = account.Snapshot();
            return snapshot.Notes.FirstOrDefault(n => n.Id == RouteId(c)) is { } note
                ? PipedriveWire.Ok(PipedriveViews.Note(note, snapshot))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Note not found");
        });
        app.MapV1(UpdateNote, async (HttpContext c) =>
        {
            var id = RouteId(c);
            var note = account.UpdateNote(id, await ReadObject(c));
            return PipedriveWire.Ok(PipedriveViews.Note(note, account.Snapshot()));
        });
        app.MapV1(DeleteNote, (HttpContext c) =>
        {
            account.DeleteNote(RouteId(c));
            return PipedriveWire.Ok(true);
        });
    }
}

internal sealed record V1FieldsEnvelope(bool Success, IReadOnlyList<V1FieldView> Data, V1FieldsPage AdditionalData);

internal sealed record V1FieldsPage(int Start, int Limit, bool MoreItemsInCollection);
