using Migration.Sandbox.Hosting;

namespace Migration.Sandbox.Pipedrive;

/// <summary>
/// Every operation the simulator implements, named and priced as openapi-v1.yaml / openapi-v2.yaml do
/// (method, path template, operationId, <c>x-token-cost</c>). A test holds each cost against token-costs.tsv
/// and the spec; the request pipeline charges them.
/// </summary>
internal static class PipedriveOperations
{
    public const string V2 = "/api/v2";
    public const string V1 = "/api/v1";

    public static readonly SimulatedOperation GetPersonFields = Op("GET", V2 + "/personFields", "getPersonFields", 10);
    public static readonly SimulatedOperation AddPersonField = Op("POST", V2 + "/personFields", "addPersonField", 5);
    public static readonly SimulatedOperation GetPersonField = Op("GET", V2 + "/personFields/{field_code}", "getPersonField", 1);
    public static readonly SimulatedOperation UpdatePersonField = Op("PATCH", V2 + "/personFields/{field_code}", "updatePersonField", 5);
    public static readonly SimulatedOperation DeletePersonField = Op("DELETE", V2 + "/personFields/{field_code}", "deletePersonField", 3);
    public static readonly SimulatedOperation AddPersonFieldOptions = Op("POST", V2 + "/personFields/{field_code}/options", "addPersonFieldOptions", 5);
    public static readonly SimulatedOperation UpdatePersonFieldOptions = Op("PATCH", V2 + "/personFields/{field_code}/options", "updatePersonFieldOptions", 5);
    public static readonly SimulatedOperation DeletePersonFieldOptions = Op("DELETE", V2 + "/personFields/{field_code}/options", "deletePersonFieldOptions", 3);

    /// <summary>v1 person fields: the documented way to add person label options (LBL) is a v1 PUT with every option.</summary>
    public static readonly SimulatedOperation GetPersonFieldsV1 = Op("GET", V1 + "/personFields", "getPersonFields", 20);
    public static readonly SimulatedOperation UpdatePersonFieldV1 = Op("PUT", V1 + "/personFields/{id}", "updatePersonField", 10);

    public static readonly SimulatedOperation GetOrganizationFields = Op("GET", V2 + "/organizationFields", "getOrganizationFields", 10);
    public static readonly SimulatedOperation AddOrganizationField = Op("POST", V2 + "/organizationFields", "addOrganizationField", 5);
    public static readonly SimulatedOperation GetOrganizationField = Op("GET", V2 + "/organizationFields/{field_code}", "getOrganizationField", 1);
    public static readonly SimulatedOperation UpdateOrganizationField = Op("PATCH", V2 + "/organizationFields/{field_code}", "updateOrganizationField", 5);
    public static readonly SimulatedOperation DeleteOrganizationField = Op("DELETE", V2 + "/organizationFields/{field_code}", "deleteOrganizationField", 3);
    public static readonly SimulatedOperation AddOrganizationFieldOptions = Op("POST", V2 + "/organizationFields/{field_code}/options", "addOrganizationFieldOptions", 5);
    public static readonly SimulatedOperation UpdateOrganizationFieldOptions = Op("PATCH", V2 + "/organizationFields/{field_code}/options", "updateOrganizationFieldOptions", 5);
    public static readonly SimulatedOperation DeleteOrganizationFieldOptions = Op("DELETE", V2 + "/organizationFields/{field_code}/options", "deleteOrganizationFieldOptions", 3);

    public static readonly SimulatedOperation GetDealFields = Op("GET", V2 + "/dealFields", "getDealFields", 10);
    public static readonly SimulatedOperation AddDealField = Op("POST", V2 + "/dealFields", "addDealField", 5);
    public static readonly SimulatedOperation GetDealField = Op("GET", V2 + "/dealFields/{field_code}", "getDealField", 1);
    public static readonly SimulatedOperation UpdateDealField = Op("PATCH", V2 + "/dealFields/{field_code}", "updateDealField", 5);
    public static readonly SimulatedOperation DeleteDealField = Op("DELETE", V2 + "/dealFields/{field_code}", "deleteDealField", 3);
    public static readonly SimulatedOperation AddDealFieldOptions = Op("POST", V2 + "/dealFields/{field_code}/options", "addDealFieldOptions", 5);
    public static readonly SimulatedOperation UpdateDealFieldOptions = Op("PATCH", V2 + "/dealFields/{field_code}/options", "updateDealFieldOptions", 5);
    public static readonly SimulatedOperation DeleteDealFieldOptions = Op("DELETE", V2 + "/dealFields/{field_code}/options", "deleteDealFieldOptions", 3);

    public static readonly SimulatedOperation GetActivityFields = Op("GET", V2 + "/activityFields", "getActivityFields", 10);
    public static readonly SimulatedOperation GetActivityField = Op("GET", V2 + "/activityFields/{field_code}", "getActivityField", 1);

    public static readonly SimulatedOperation GetPersons = Op("GET", V2 + "/persons", "getPersons", 10);
    public static readonly SimulatedOperation AddPerson = Op("POST", V2 + "/persons", "addPerson", 5);
    public static readonly SimulatedOperation SearchPersons = Op("GET", V2 + "/persons/search", "searchPersons", 20, search: true);
    public static readonly SimulatedOperation GetPerson = Op("GET", V2 + "/persons/{id}", "getPerson", 1);
    public static readonly SimulatedOperation UpdatePerson = Op("PATCH", V2 + "/persons/{id}", "updatePerson", 5);
    public static readonly SimulatedOperation DeletePerson = Op("DELETE", V2 + "/persons/{id}", "deletePerson", 3);

    public static readonly SimulatedOperation GetOrganizations = Op("GET", V2 + "/organizations", "getOrganizations", 10);
    public static readonly SimulatedOperation AddOrganization = Op("POST", V2 + "/organizations", "addOrganization", 5);
    public static readonly SimulatedOperation SearchOrganization = Op("GET", V2 + "/organizations/search", "searchOrganization", 20, search: true);
    public static readonly SimulatedOperation GetOrganization = Op("GET", V2 + "/organizations/{id}", "getOrganization", 1);
    public static readonly SimulatedOperation UpdateOrganization = Op("PATCH", V2 + "/organizations/{id}", "updateOrganization", 5);
    public static readonly SimulatedOperation DeleteOrganization = Op("DELETE", V2 + "/organizations/{id}", "deleteOrganization", 3);

    public static readonly SimulatedOperation GetDeals = Op("GET", V2 + "/deals", "getDeals", 10);
    public static readonly SimulatedOperation AddDeal = Op("POST", V2 + "/deals", "addDeal", 5);
    public static readonly SimulatedOperation SearchDeals = Op("GET", V2 + "/deals/search", "searchDeals", 20, search: true);
    public static readonly SimulatedOperation GetDeal = Op("GET", V2 + "/deals/{id}", "getDeal", 1);
    public static readonly SimulatedOperation UpdateDeal = Op("PATCH", V2 + "/deals/{id}", "updateDeal", 5);
    public static readonly SimulatedOperation DeleteDeal = Op("DELETE", V2 + "/deals/{id}", "deleteDeal", 3);

    public static readonly SimulatedOperation GetActivities = Op("GET", V2 + "/activities", "getActivities", 10);
    public static readonly SimulatedOperation AddActivity = Op("POST", V2 + "/activities", "addActivity", 5);
    public static readonly SimulatedOperation GetActivity = Op("GET", V2 + "/activities/{id}", "getActivity", 1);
    public static readonly SimulatedOperation UpdateActivity = Op("PATCH", V2 + "/activities/{id}", "updateActivity", 5);
    public static readonly SimulatedOperation DeleteActivity = Op("DELETE", V2 + "/activities/{id}", "deleteActivity", 3);

    public static readonly SimulatedOperation GetPipelines = Op("GET", V2 + "/pipelines", "getPipelines", 5);
    public static readonly SimulatedOperation AddPipeline = Op("POST", V2 + "/pipelines", "addPipeline", 5);
    public static readonly SimulatedOperation GetPipeline = Op("GET", V2 + "/pipelines/{id}", "getPipeline", 1);
    public static readonly SimulatedOperation UpdatePipeline = Op("PATCH", V2 + "/pipelines/{id}", "updatePipeline", 5);
    public static readonly SimulatedOperation DeletePipeline = Op("DELETE", V2 + "/pipelines/{id}", "deletePipeline", 3);

    public static readonly SimulatedOperation GetStages = Op("GET", V2 + "/stages", "getStages", 5);
    public static readonly SimulatedOperation AddStage = Op("POST", V2 + "/stages", "addStage", 5);
    public static readonly SimulatedOperation GetStage = Op("GET", V2 + "/stages/{id}", "getStage", 1);
    public static readonly SimulatedOperation UpdateStage = Op("PATCH", V2 + "/stages/{id}", "updateStage", 5);
    public static readonly SimulatedOperation DeleteStage = Op("DELETE", V2 + "/stages/{id}", "deleteStage", 3);

    public static readonly SimulatedOperation SearchItem = Op("GET", V2 + "/itemSearch", "searchItem", 20, search: true);
    public static readonly SimulatedOperation SearchItemByField = Op("GET", V2 + "/itemSearch/field", "searchItemByField", 20, search: true);

    public static readonly SimulatedOperation GetUsers = Op("GET", V1 + "/users", "getUsers", 20);
    public static readonly SimulatedOperation FindUsersByName = Op("GET", V1 + "/users/find", "findUsersByName", 40);
    public static readonly SimulatedOperation GetCurrentUser = Op("GET", V1 + "/users/me", "getCurrentUser", 2);

    public static readonly SimulatedOperation GetActivityTypes = Op("GET", V1 + "/activityTypes", "getActivityTypes", 20);
    public static readonly SimulatedOperation AddActivityType = Op("POST", V1 + "/activityTypes", "addActivityType", 10);
    public static readonly SimulatedOperation UpdateActivityType = Op("PUT", V1 + "/activityTypes/{id}", "updateActivityType", 10);
    public static readonly SimulatedOperation DeleteActivityType = Op("DELETE", V1 + "/activityTypes/{id}", "deleteActivityType", 6);

    public static readonly SimulatedOperation GetFilters = Op("GET", V1 + "/filters", "getFilters", 20);
    public static readonly SimulatedOperation AddFilter = Op("POST", V1 + "/filters", "addFilter", 10);
    public static readonly SimulatedOperation DeleteFilters = Op("DELETE", V1 + "/filters", "deleteFilters", 10);
    public static readonly SimulatedOperation GetFilter = Op("GET", V1 + "/filters/{id}", "getFilter", 2);
    public static readonly SimulatedOperation UpdateFilter = Op("PUT", V1 + "/filters/{id}", "updateFilter", 10);
    public static readonly SimulatedOperation DeleteFilter = Op("DELETE", V1 + "/filters/{id}", "deleteFilter", 6);

    public static readonly SimulatedOperation GetNotes = Op("GET", V1 + "/notes", "getNotes", 20);
    public static readonly SimulatedOperation AddNote = Op("POST", V1 + "/notes", "addNote", 10);
    public static readonly SimulatedOperation GetNote = Op("GET", V1 + "/notes/{id}", "getNote", 2);
    public static readonly SimulatedOperation UpdateNote = Op("PUT", V1 + "/notes/{id}", "updateNote", 10);
    public static readonly SimulatedOperation DeleteNote = Op("DELETE", V1 + "/notes/{id}", "deleteNote", 6);

    /// <summary>
    /// The whole catalogue, in declaration order, read off the fields above so that an operation cannot be mapped
    /// without also being priced and checked against token-costs.tsv.
    /// </summary>
    public static readonly IReadOnlyList<SimulatedOperation> All = typeof(PipedriveOperations)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(SimulatedOperation))
        .Select(f => (SimulatedOperation)f.GetValue(null)!)
        .ToArray();

    private static SimulatedOperation Op(string method, string path, string operationId, int cost, bool search = false) =>
        new(method, path, operationId, cost, search);
}
