using Migration.Sandbox.Hosting;
using static Migration.Sandbox.Pipedrive.PipedriveOperations;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// v2 persons, organizations, deals and activities. A soft-deleted record is still returned by id, with
/// <c>is_deleted: true</c>, as v1 did with active_flag (the v2 docs leave this open); lists and searches leave it out.
/// </summary>
internal static partial class PipedriveEndpoints
{
    private static void MapPersons(this WebApplication app, PipedriveAccount account)
    {
        app.MapOperation(GetPersons, (HttpContext c) =>
        {
            var query = c.Request.Query;
            QueryRules.RefuseFilterId(query);
            var ownerId = QueryRules.OptionalInt(query, "owner_id");
            var orgId = QueryRules.OptionalInt(query, "org_id");
            var page = RecordListing.List(
                account.Persons().Where(p => !p.IsDeleted && (ownerId is null || p.OwnerId == ownerId) && (orgId is null || p.OrgId == orgId)), query);
            var fields = account.Fields(FieldEntity.Person);
            var options = ViewOptions.From(query);
            return PipedriveWire.Page(page.Items.Select(p => PipedriveViews.Person(p, fields, options)).ToArray(), page.NextCursor);
        });
        app.MapOperation(AddPerson, async (HttpContext c) =>
            PipedriveWire.Ok(PipedriveViews.Person(account.AddPerson(await ReadObject(c)), account.Fields(FieldEntity.Person))));
        app.MapOperation(GetPerson, (HttpContext c) =>
            account.FindPerson(RouteId(c)) is { } person
                ? PipedriveWire.Ok(PipedriveViews.Person(person, account.Fields(FieldEntity.Person), ViewOptions.From(c.Request.Query)))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Person not found"));
        app.MapOperation(UpdatePerson, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.Person(account.UpdatePerson(id, await ReadObject(c)), account.Fields(FieldEntity.Person)));
        });
        app.MapOperation(DeletePerson, (HttpContext c) =>
        {
            var id = RouteId(c);
            account.DeletePerson(id);
            return PipedriveWire.Ok(new DeletedData(id));
        });
    }

    private static void MapOrganizations(this WebApplication app, PipedriveAccount account)
    {
        app.MapOperation(GetOrganizations, (HttpContext c) =>
        {
            var query = c.Request.Query;
            QueryRules.RefuseFilterId(query);
            var ownerId = QueryRules.OptionalInt(query, "owner_id");
            var page = RecordListing.List(account.Organizations().Where(o => !o.IsDeleted && (ownerId is null || o.OwnerId == ownerId)), query);
            var fields = account.Fields(FieldEntity.Organization);
            var options = ViewOptions.From(query);
            return PipedriveWire.Page(page.Items.Select(o => PipedriveViews.Organization(o, fields, options)).ToArray(), page.NextCursor);
        });
        app.MapOperation(AddOrganization, async (HttpContext c) =>
            PipedriveWire.Ok(PipedriveViews.Organization(account.AddOrganization(await ReadObject(c)), account.Fields(FieldEntity.Organization))));
        app.MapOperation(GetOrganization, (HttpContext c) =>
            account.FindOrganization(RouteId(c)) is { } organization
                ? PipedriveWire.Ok(PipedriveViews.Organization(organization, account.Fields(FieldEntity.Organization), ViewOptions.From(c.Request.Query)))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Organization not found"));
        app.MapOperation(UpdateOrganization, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.Organization(account.UpdateOrganization(id, await ReadObject(c)), account.Fields(FieldEntity.Organization)));
        });
        app.MapOperation(DeleteOrganization, (HttpContext c) =>
        {
            var id = RouteId(c);
            account.DeleteOrganization(id);
            return PipedriveWire.Ok(new DeletedData(id));
        });
    }

    private static void MapDeals(this WebApplication app, PipedriveAccount account)
    {
        app.MapOperation(GetDeals, (HttpContext c) =>
        {
            var query = c.Request.Query;
            QueryRules.RefuseFilterId(query);
            var ownerId = QueryRules.OptionalInt(query, "owner_id");
            var personId = QueryRules.OptionalInt(query, "person_id");
            var orgId = QueryRules.OptionalInt(query, "org_id");
            var pipelineId = QueryRules.OptionalInt(query, "pipeline_id");
            var stageId = QueryRules.OptionalInt(query, "stage_id");

            // Without status: every deal that is not deleted; "deleted" adds those deleted within the last 30 days.
            var statuses = QueryRules.List(query, "status") ?? DealWriteRules.Statuses;
            if (statuses.FirstOrDefault(s => s != "deleted" && !DealWriteRules.Statuses.Contains(s)) is { } unknown)
            {
                throw RequestRejected.BadRequest($"status: '{unknown}' is not one of open, won, lost, deleted");
            }

            var purgeLine = account.Now().AddDays(-30);
            var deals = account.Deals().Where(d =>
                (d.IsDeleted ? statuses.Contains("deleted") && d.UpdateTime >= purgeLine : statuses.Contains(d.Status))
                && (ownerId is null || d.OwnerId == ownerId) && (personId is null || d.PersonId == personId) && (orgId is null || d.OrgId == orgId)
                && (pipelineId is null || d.PipelineId == pipelineId) && (stageId is null || d.StageId == stageId));
            var page = RecordListing.List(deals, query);
            var fields = account.Fields(FieldEntity.Deal);
            var options = ViewOptions.From(query);
            return PipedriveWire.Page(page.Items.Select(d => PipedriveViews.Deal(d, fields, options)).ToArray(), page.NextCursor);
        });
        app.MapOperation(AddDeal, async (HttpContext c) =>
            PipedriveWire.Ok(PipedriveViews.Deal(account.AddDeal(await ReadObject(c)), account.Fields(FieldEntity.Deal))));
        app.MapOperation(GetDeal, (HttpContext c) =>
            account.FindDeal(RouteId(c)) is { } deal
                ? PipedriveWire.Ok(PipedriveViews.Deal(deal, account.Fields(FieldEntity.Deal), ViewOptions.From(c.Request.Query)))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Deal not found"));
        app.MapOperation(UpdateDeal, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.Deal(account.UpdateDeal(id, await ReadObject(c)), account.Fields(FieldEntity.Deal)));
        });
        app.MapOperation(DeleteDeal, (HttpContext c) =>
        {
            var id = RouteId(c);
            account.DeleteDeal(id);
            return PipedriveWire.Ok(new DeletedData(id));
        });
    }

    private static void MapActivities(this WebApplication app, PipedriveAccount account)
    {
        app.MapOperation(GetActivities, (HttpContext c) =>
        {
            var query = c.Request.Query;
            QueryRules.RefuseFilterId(query);
            var ownerId = QueryRules.OptionalInt(query, "owner_id");
            var dealId = QueryRules.OptionalInt(query, "deal_id");
            var personId = QueryRules.OptionalInt(query, "person_id");
            var orgId = QueryRules.OptionalInt(query, "org_id");
            var done = QueryRules.OptionalBool(query, "done");
            var withLead = query["lead_id"].ToString().Length > 0;
            var activities = account.Activities().Where(a => !a.IsDeleted && !withLead
                && (ownerId is null || a.OwnerId == ownerId) && (dealId is null || a.DealId == dealId)
                && (personId is null || a.PersonId == personId) && (orgId is null || a.OrgId == orgId) && (done is null || a.Done == done));

            // Undated activities sort first ascending, last descending.
            var page = RecordListing.List(activities, query, new RecordListing.SortKey<StoredActivity>("due_date", a => DueKey(a)));
            var attendees = IncludesAttendees(query);
            return PipedriveWire.Page(page.Items.Select(a => PipedriveViews.Activity(a, attendees)).ToArray(), page.NextCursor);
        });
        app.MapOperation(AddActivity, async (HttpContext c) =>
            PipedriveWire.Ok(PipedriveViews.Activity(account.AddActivity(await ReadObject(c)), withAttendees: true)));
        app.MapOperation(GetActivity, (HttpContext c) =>
            account.FindActivity(RouteId(c)) is { } activity
                ? PipedriveWire.Ok(PipedriveViews.Activity(activity, IncludesAttendees(c.Request.Query)))
                : PipedriveWire.Error(StatusCodes.Status404NotFound, "Activity not found"));
        app.MapOperation(UpdateActivity, async (HttpContext c) =>
        {
            var id = RouteId(c);
            return PipedriveWire.Ok(PipedriveViews.Activity(account.UpdateActivity(id, await ReadObject(c)), withAttendees: true));
        });
        app.MapOperation(DeleteActivity, (HttpContext c) =>
        {
            var id = RouteId(c);
            account.DeleteActivity(id);
            return PipedriveWire.Ok(new DeletedData(id));
        });
    }

    private static bool IncludesAttendees(IQueryCollection query) =>
        QueryRules.List(query, "include_fields") is { } include && include.Contains("attendees");

    private static long DueKey(StoredActivity activity) =>
        activity.DueDate is { } date ? ((long)date.DayNumber * 86_400) + (activity.DueTime?.ToTimeSpan().Ticks / TimeSpan.TicksPerSecond ?? 0) : long.MinValue;

    private static void MapSearch(this WebApplication app, PipedriveAccount account)
    {
        app.MapOperation(SearchPersons, (HttpContext c) => Found(RecordSearch.Persons(account.Snapshot(), c.Request.Query)));
        app.MapOperation(SearchOrganization, (HttpContext c) => Found(RecordSearch.Organizations(account.Snapshot(), c.Request.Query)));
        app.MapOperation(SearchDeals, (HttpContext c) => Found(RecordSearch.Deals(account.Snapshot(), c.Request.Query)));
        app.MapOperation(SearchItem, (HttpContext c) =>
        {
            var result = RecordSearch.Items(account.Snapshot(), c.Request.Query);

            // Related items (deals and leads of found persons) are not searched: the list is there, empty, when asked for.
            return QueryRules.OptionalBool(c.Request.Query, "search_for_related_items") == true
                ? PipedriveWire.Page(new RelatedSearchData(result.Hits, []), result.NextCursor)
                : Found(result);
        });
        app.MapOperation(SearchItemByField, (HttpContext c) =>
        {
            var result = RecordSearch.ByField(account.Snapshot(), c.Request.Query);
            return PipedriveWire.Page(result.Hits, result.NextCursor);
        });
    }

    private static IResult Found(RecordSearch.Result result) => PipedriveWire.Page(new SearchData(result.Hits), result.NextCursor);
}

internal sealed record RelatedSearchData(IReadOnlyList<SearchHit> Items, IReadOnlyList<SearchHit> RelatedItems);
