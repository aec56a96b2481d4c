using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Sandbox.Dataset;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// One simulated Pipedrive company: users, fields, persons, organizations, deals, activities, pipelines, stages,
/// activity types, filters and notes. Every read and write goes through one lock; records are immutable, so what
/// a read hands out stays consistent after the lock is released.
/// </summary>
internal sealed partial class PipedriveAccount : IAccountReferences
{
    /// <summary>The token's owner: the user every write is made as, and the default owner.</summary>
    public const int CompanyUserId = 1;

    private readonly Lock gate = new();
    private readonly int seed;
    private readonly TimeProvider clock;
    private readonly PlanLimits plan;
    private readonly int seats;

    private DeterministicRandom keys = null!;
    private List<PipedriveUser> users = null!;
    private Dictionary<FieldEntity, List<FieldDefinition>> fields = null!;
    private SortedDictionary<int, StoredPerson> persons = null!;
    private SortedDictionary<int, StoredOrganization> organizations = null!;
    private SortedDictionary<int, StoredDeal> deals = null!;
    private SortedDictionary<int, StoredActivity> activities = null!;
    private SortedDictionary<int, StoredPipeline> pipelines = null!;
    private SortedDictionary<int, StoredStage> stages = null!;
    private SortedDictionary<int, StoredActivityType> activityTypes = null!;
    private SortedDictionary<int, StoredFilter> filters = null!;
    private SortedDictionary<int, StoredNote> notes = null!;
    private int nextOptionId;
    private readonly Dictionary<object, int> highestIds = new(ReferenceEqualityComparer.Instance);

    public PipedriveAccount(int seed, TimeProvider clock, PipedriveSimulatorPlan plan, int seats)
    {
        this.seed = seed;
        this.clock = clock;
        this.plan = PlanLimits.For(plan);
        this.seats = seats;
        Reset();
    }

    /// <summary>Custom fields (person + organization + deal) the plan allows.</summary>
    public int CustomFieldCap => plan.CustomFieldCap;

    /// <summary>Deals the plan and seats allow.</summary>
    public int DealCap => plan.DealCap(seats);

    /// <summary>Back to a fresh company with the same seed: users, built-in fields, one pipeline, default activity types.</summary>
    public void Reset()
    {
        lock (gate)
        {
            highestIds.Clear();
            keys = new DeterministicRandom(unchecked((ulong)(uint)seed * 0x2545F4914F6CDD1DUL + 0x5EED));

            // Option ids (labels included) differ per account (LBL); a seeded base makes that visible to clients that hard-code them.
            nextOptionId = keys.Next(10, 900);
            var created = Now();
            FieldOption[] Options(params (string Label, string? Color)[] items) =>
                [.. items.Select(i => new FieldOption(nextOptionId++, i.Label, i.Color, created, created))];

            var personLabels = Options(("Customer", "green"), ("Hot lead", "red"), ("Warm lead", "yellow"), ("Cold lead", "blue"));
            var organizationLabels = Options(("Customer", "green"), ("Hot lead", "red"), ("Warm lead", "yellow"), ("Cold lead", "blue"));
            var dealLabels = Options(("Hot", "red"), ("Warm", "yellow"), ("Cold", "blue"));
            var industries = Options(("Retail", null), ("Technology", null), ("Finance", null), ("Healthcare", null), ("Manufacturing", null));
            var priorities = Options(("High", null), ("Medium", null), ("Low", null));
            fields = new()
            {
                [FieldEntity.Person] = BuiltInFields.Person(personLabels),
                [FieldEntity.Organization] = BuiltInFields.Organization(organizationLabels, industries),
                [FieldEntity.Deal] = BuiltInFields.Deal(dealLabels),
                [FieldEntity.Activity] = BuiltInFields.Activity(priorities),
            };

            // Several users; ids other than the token owner's are seeded so clients map owners by email, not by id.
            var ids = new HashSet<int> { CompanyUserId };
            while (ids.Count < 4)
            {
                ids.Add(keys.Next(100_000, 1_000_000));
            }

            string[] names = ["Sandbox Admin", "Ayla Demir", "Mert Kaya", "Deniz Arslan"];
            users = [.. ids.Select((id, i) => new PipedriveUser(
                id, names[i], i == 0 ? "admin@sandbox.example" : names[i].ToLowerInvariant().Replace(' ', '.') + "@sandbox.example",
                IsAdmin: i == 0, "Europe/Istanbul", "+03:00", created.AddDays(-400 + (i * 30))))];

            persons = [];
            organizations = [];
            deals = [];
            activities = [];
            notes = [];
            filters = [];
            pipelines = new() { [1] = new StoredPipeline(1, "Sales pipeline", 1, false, false, created, created) };
            stages = [];
            string[] stageNames = ["Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"];
            for (var i = 0; i < stageNames.Length; i++)
            {
                stages[i + 1] = new StoredStage(i + 1, i + 1, stageNames[i], false, 100, 1, false, null, created, created);
            }

            activityTypes = [];
            (string Name, string Icon)[] types = [("Call", "call"), ("Meeting", "meeting"), ("Task", "task"), ("Deadline", "deadline"), ("Email", "email"), ("Lunch", "lunch")];
            for (var i = 0; i < types.Length; i++)
            {
                activityTypes[i + 1] = new StoredActivityType(i + 1, i + 1, types[i].Name, types[i].Icon, types[i].Icon, true, null, false, created, created);
            }
        }
    }

    // ---- users

    public IReadOnlyList<PipedriveUser> Users()
    {
        lock (gate)
        {
            return [.. users];
        }
    }

    public bool UserExists(int id)
    {
        lock (gate)
        {
            return users.Any(u => u.Id == id);
        }
    }

    // ---- references, asked by the write rules under the lock (Lock is re-entrant)

    public bool PersonExists(int id)
    {
        lock (gate)
        {
            return persons.TryGetValue(id, out var person) && !person.IsDeleted;
        }
    }

    public bool OrganizationExists(int id)
    {
        lock (gate)
        {
            return organizations.TryGetValue(id, out var organization) && !organization.IsDeleted;
        }
    }

    public bool DealExists(int id)
    {
        lock (gate)
        {
            return deals.TryGetValue(id, out var deal) && !deal.IsDeleted;
        }
    }

    public StoredPipeline? FindPipeline(int id)
    {
        lock (gate)
        {
            return pipelines.GetValueOrDefault(id);
        }
    }

    public StoredStage? FindStage(int id)
    {
        lock (gate)
        {
            return stages.GetValueOrDefault(id);
        }
    }

    public StoredStage? FirstStage(int pipelineId)
    {
        lock (gate)
        {
            return stages.Values.Where(s => s.PipelineId == pipelineId && !s.IsDeleted).OrderBy(s => s.OrderNr).ThenBy(s => s.Id).FirstOrDefault();
        }
    }

    public StoredPipeline? DefaultPipeline()
    {
        lock (gate)
        {
            return pipelines.Values.Where(p => !p.IsDeleted).OrderBy(p => p.OrderNr).ThenBy(p => p.Id).FirstOrDefault();
        }
    }

    public StoredActivityType? FindActivityType(string keyString)
    {
        lock (gate)
        {
            return activityTypes.Values.FirstOrDefault(t => t.KeyString == keyString);
        }
    }

    // ---- persons, organizations, deals, activities

    public IReadOnlyList<StoredPerson> Persons() => All(persons);

    public StoredPerson? FindPerson(int id) => Find(persons, id);

    public StoredPerson AddPerson(JsonObject body) =>
        Add(persons, id => PersonWriteRules.Create(id, body, Context(FieldEntity.Person)));

    public StoredPerson UpdatePerson(int id, JsonObject body) =>
        Update(persons, id, "Person not found", current => PersonWriteRules.Update(current, body, Context(FieldEntity.Person)));

    public void DeletePerson(int id) => Delete(persons, id, "Person not found", (p, now) => p with { IsDeleted = true, UpdateTime = now });

    public IReadOnlyList<StoredOrganization> Organizations() => All(organizations);

    public StoredOrganization? FindOrganization(int id) => Find(organizations, id);

    public StoredOrganization AddOrganization(JsonObject body) =>
        Add(organizations, id => OrganizationWriteRules.Create(id, body, Context(FieldEntity.Organization)));

    public StoredOrganization UpdateOrganization(int id, JsonObject body) =>
        Update(organizations, id, "Organization not found", current => OrganizationWriteRules.Update(current, body, Context(FieldEntity.Organization)));

    public void DeleteOrganization(int id) => Delete(organizations, id, "Organization not found", (o, now) => o with { IsDeleted = true, UpdateTime = now });

    public IReadOnlyList<StoredDeal> Deals() => All(deals);

    public StoredDeal? FindDeal(int id) => Find(deals, id);

    public StoredDeal AddDeal(JsonObject body)
    {
        lock (gate)
        {
            // Deleted deals do not count: the cap is on the deals (and leads) the company holds (KB-LIMITS).
            if (deals.Values.Count(d => !d.IsDeleted) >= DealCap)
            {
                throw RequestRejected.Capped(
                    $"You have reached the limit of {DealCap} deals for your plan. Delete deals or upgrade your plan to add more.",
                    RequestRejected.DealsCapCode);
            }

            return Add(deals, id => DealWriteRules.Create(id, body, Context(FieldEntity.Deal)));
        }
    }

    public StoredDeal UpdateDeal(int id, JsonObject body) =>
        Update(deals, id, "Deal not found", current => DealWriteRules.Update(current, body, Context(FieldEntity.Deal)));

    public void DeleteDeal(int id) => Delete(deals, id, "Deal not found", (d, now) => d with { IsDeleted = true, UpdateTime = now });

    public IReadOnlyList<StoredActivity> Activities() => All(activities);

    public StoredActivity? FindActivity(int id) => Find(activities, id);

    public StoredActivity AddActivity(JsonObject body) =>
        Add(activities, id => ActivityWriteRules.Create(id, body, Context(FieldEntity.Activity)));

    public StoredActivity UpdateActivity(int id, JsonObject body) =>
        Update(activities, id, "Activity not found", current => ActivityWriteRules.Update(current, body, Context(FieldEntity.Activity)));

    public void DeleteActivity(int id) => Delete(activities, id, "Activity not found", (a, now) => a with { IsDeleted = true, UpdateTime = now });

    // ---- pipelines and stages

    public IReadOnlyList<StoredPipeline> Pipelines() => All(pipelines);

    public StoredPipeline AddPipeline(JsonObject body)
    {
        lock (gate)
        {
            var orderNr = pipelines.Values.Select(p => p.OrderNr).DefaultIfEmpty(0).Max() + 1;
            return Add(pipelines, id => PipelineWriteRules.CreatePipeline(id, orderNr, body, Now()));
        }
    }

    public StoredPipeline UpdatePipeline(int id, JsonObject body) =>
        Update(pipelines, id, "Pipeline not found", current => PipelineWriteRules.UpdatePipeline(current, body, Now()));

    /// <summary>A deleted pipeline takes its stages with it; its deals stay where they were.</summary>
    public void DeletePipeline(int id)
    {
        lock (gate)
        {
            Delete(pipelines, id, "Pipeline not found", (p, now) => p with { IsDeleted = true, UpdateTime = now });
            foreach (var stage in stages.Values.Where(s => s.PipelineId == id && !s.IsDeleted).ToList())
            {
                stages[stage.Id] = stage with { IsDeleted = true, UpdateTime = Now() };
            }
        }
    }

    public IReadOnlyList<StoredStage> Stages() => All(stages);

    public StoredStage AddStage(JsonObject body) =>
        Add(stages, id => PipelineWriteRules.CreateStage(id, NextStageOrder, body, this, Now()));

    public StoredStage UpdateStage(int id, JsonObject body) =>
        Update(stages, id, "Stage not found", current => PipelineWriteRules.UpdateStage(current, NextStageOrder, body, this, Now()));

    public void DeleteStage(int id) => Delete(stages, id, "Stage not found", (s, now) => s with { IsDeleted = true, UpdateTime = now });

    // ---- v1: activity types, filters, notes

    public IReadOnlyList<StoredActivityType> ActivityTypes()
    {
        lock (gate)
        {
            return [.. activityTypes.Values];
        }
    }

    public StoredActivityType AddActivityType(JsonObject body)
    {
        lock (gate)
        {
            if (activityTypes.Values.Count(t => t.ActiveFlag) >= ActivityTypeRules.CompanyLimit)
            {
                // CL-ENT quotes the message; it names no code.
                throw RequestRejected.Capped(ActivityTypeRules.LimitMessage, code: null);
            }

            var id = NextId(activityTypes);
            var orderNr = activityTypes.Values.Select(t => t.OrderNr).DefaultIfEmpty(0).Max() + 1;
            var type = ActivityTypeRules.Create(id, orderNr, body, [.. activityTypes.Values.Select(t => t.KeyString)], Now());
            activityTypes[id] = type;
            return type;
        }
    }

    public StoredActivityType UpdateActivityType(int id, JsonObject body)
    {
        lock (gate)
        {
            var current = activityTypes.GetValueOrDefault(id) is { ActiveFlag: true } found ? found : throw RequestRejected.NotFound("Activity type not found");
            return activityTypes[id] = ActivityTypeRules.Update(current, body, Now());
        }
    }

    /// <summary>Deactivates: activities keep their type, new ones cannot use it.</summary>
    public StoredActivityType DeleteActivityType(int id)
    {
        lock (gate)
        {
            var current = activityTypes.GetValueOrDefault(id) is { ActiveFlag: true } found ? found : throw RequestRejected.NotFound("Activity type not found");
            return activityTypes[id] = current with { ActiveFlag = false, UpdateTime = Now() };
        }
    }

    public IReadOnlyList<StoredFilter> Filters()
    {
        lock (gate)
        {
            return [.. filters.Values];
        }
    }

    public StoredFilter AddFilter(JsonObject body)
    {
        lock (gate)
        {
            var id = NextId(filters);
            return filters[id] = FilterRules.Create(id, body, CompanyUserId, Now());
        }
    }

    public StoredFilter UpdateFilter(int id, JsonObject body)
    {
        lock (gate)
        {
            return filters[id] = FilterRules.Update(LiveFilter(id), body, Now());
        }
    }

    /// <summary>Deletes every filter named, or none when one of them does not exist.</summary>
    public void DeleteFilters(IReadOnlyList<int> ids)
    {
        lock (gate)
        {
            var doomed = ids.Distinct().Select(LiveFilter).ToList();
            foreach (var filter in doomed)
            {
                filters[filter.Id] = filter with { ActiveFlag = false, UpdateTime = Now() };
            }
        }
    }

    public IReadOnlyList<StoredNote> Notes()
    {
        lock (gate)
        {
            return [.. notes.Values];
        }
    }

    public StoredNote AddNote(JsonObject body)
    {
        lock (gate)
        {
            var id = NextId(notes);
            return notes[id] = NoteRules.Create(id, body, Context(FieldEntity.Person));
        }
    }

    public StoredNote UpdateNote(int id, JsonObject body)
    {
        lock (gate)
        {
            var current = notes.GetValueOrDefault(id) is { ActiveFlag: true } found ? found : throw RequestRejected.NotFound("Note not found");
            return notes[id] = NoteRules.Update(current, body, Context(FieldEntity.Person));
        }
    }

    public void DeleteNote(int id)
    {
        lock (gate)
        {
            var current = notes.GetValueOrDefault(id) is { ActiveFlag: true } found ? found : throw RequestRejected.NotFound("Note not found");
            notes[id] = current with { ActiveFlag = false, UpdateTime = Now() };
        }
    }

    /// <summary>Everything at one instant, for /_sandbox/snapshot and for searches that look across record kinds.</summary>
    public AccountSnapshot Snapshot()
    {
        lock (gate)
        {
            return new AccountSnapshot(
                [.. users],
                fields.ToDictionary(p => p.Key, p => (IReadOnlyList<FieldDefinition>)[.. p.Value]),
                [.. persons.Values],
                [.. organizations.Values],
                [.. deals.Values],
                [.. activities.Values],
                [.. pipelines.Values],
                [.. stages.Values],
                [.. activityTypes.Values],
                [.. filters.Values],
                [.. notes.Values]);
        }
    }

    private StoredFilter LiveFilter(int id) =>
        filters.GetValueOrDefault(id) is { ActiveFlag: true } found ? found : throw RequestRejected.NotFound($"Filter {id} not found");

    private int NextStageOrder(int pipelineId) =>
        stages.Values.Where(s => s.PipelineId == pipelineId).Select(s => s.OrderNr).DefaultIfEmpty(0).Max() + 1;

    private WriteContext Context(FieldEntity entity) =>
        new(fields[entity].ToDictionary(f => f.FieldCode, StringComparer.Ordinal), this, Now(), CompanyUserId);

    private IReadOnlyList<T> All<T>(SortedDictionary<int, T> store)
    {
        lock (gate)
        {
            return [.. store.Values];
        }
    }

    private T? Find<T>(SortedDictionary<int, T> store, int id)
        where T : class
    {
        lock (gate)
        {
            return store.GetValueOrDefault(id);
        }
    }

    private T Add<T>(SortedDictionary<int, T> store, Func<int, T> create)
    {
        lock (gate)
        {
            // Ids only move forward: a refused create does not use one up, a deleted record keeps its own.
            var id = NextId(store);
            var record = create(id);
            store[id] = record;
            return record;
        }
    }

    /// <summary>A deleted record cannot be edited (v2 has no restore and PATCH cannot undelete).</summary>
    private T Update<T>(SortedDictionary<int, T> store, int id, string notFound, Func<T, T> update)
        where T : IStoredRecord
    {
        lock (gate)
        {
            if (!store.TryGetValue(id, out var current) || current.IsDeleted)
            {
                throw RequestRejected.NotFound(notFound);
            }

            return store[id] = update(current);
        }
    }

    /// <summary>Soft delete: the record stays, flagged, with update_time set to the deletion time (pipedrive-api.md §9).</summary>
    private void Delete<T>(SortedDictionary<int, T> store, int id, string notFound, Func<T, DateTimeOffset, T> delete)
        where T : IStoredRecord
    {
        lock (gate)
        {
            if (!store.TryGetValue(id, out var current) || current.IsDeleted)
            {
                throw RequestRejected.NotFound(notFound);
            }

            store[id] = delete(current, Now());
        }
    }

    /// <summary>
    /// The next id of a store: one past the highest it holds. SortedDictionary has no cheap maximum, and taking it over
    /// every key on each create made a load of tens of thousands of activities quadratic; so the highest id is kept
    /// per store and only walked forward past ids stored since (a refused create stores none and uses none up).
    /// Called under the account's lock.
    /// </summary>
    private int NextId<T>(SortedDictionary<int, T> store)
    {
        var last = highestIds.TryGetValue(store, out var known) ? known : store.Count == 0 ? 0 : store.Keys.Max();
        while (store.ContainsKey(last + 1))
            last++;
        highestIds[store] = last;
        return last + 1;
    }

    // Whole seconds, as Pipedrive returns them; also keeps time-sorted cursors exact.
    public DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }
}

/// <summary>The whole account at one instant.</summary>
internal sealed record AccountSnapshot(
    IReadOnlyList<PipedriveUser> Users,
    IReadOnlyDictionary<FieldEntity, IReadOnlyList<FieldDefinition>> Fields,
    IReadOnlyList<StoredPerson> Persons,
    IReadOnlyList<StoredOrganization> Organizations,
    IReadOnlyList<StoredDeal> Deals,
    IReadOnlyList<StoredActivity> Activities,
    IReadOnlyList<StoredPipeline> Pipelines,
    IReadOnlyList<StoredStage> Stages,
    IReadOnlyList<StoredActivityType> ActivityTypes,
    IReadOnlyList<StoredFilter> Filters,
    IReadOnlyList<StoredNote> Notes);
