using Migration.Domain;

namespace Migration.Pipedrive;

/// <summary>
/// The approved map needs more custom fields than the account's plan allows. Raised before anything is
/// written, so the account is unchanged; the message says what to do.
/// </summary>
public sealed class SchemaDoesNotFitException(PipedrivePlan plan, int needed, int existing, int allowed)
    : OperatorActionRequiredException(
        $"The approved field map needs {needed} new custom field{(needed == 1 ? "" : "s")} in Pipedrive, the account already has {existing} " +
        $"(person, organization and deal fields together) and the {plan} plan allows {allowed} per company, " +
        $"{existing + needed - allowed} too many. Nothing was created. Delete unused custom fields in Pipedrive, upgrade the plan, " +
        "or send fewer items to custom fields in the map (mark them not moved, or group them), approve it again, then restart the run.")
{
    public PipedrivePlan Plan { get; } = plan;

    /// <summary>Custom fields the map needs that the account does not have.</summary>
    public int Needed { get; } = needed;

    /// <summary>Custom fields the account has now.</summary>
    public int Existing { get; } = existing;

    /// <summary>The plan's cap (<see cref="PlanCaps.CustomFields"/>).</summary>
    public int Allowed { get; } = allowed;
}
