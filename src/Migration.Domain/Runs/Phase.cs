namespace Migration.Domain.Runs;

/// <summary>
/// The phases a run goes through, in order. Only phases that are built appear here: a phase a later
/// issue adds is absent from the run, not faked.
/// </summary>
public static class Phase
{
    public const string Discover = "discover";
    public const string GdprGate = "gdpr-gate";
    public const string Extract = "extract";

    /// <summary>Export files that are not users (events, push reports, inventories), staged for later phases.</summary>
    public const string ExtractFiles = "extract-files";

    /// <summary>The field map proposed from Netmera's definitions and the staged values.</summary>
    public const string ProposeMapping = "mapping";
    public const string MappingGate = "mapping-gate";

    /// <summary>Pipedrive custom fields, options, labels, activity types and pipeline the approved map needs.</summary>
    public const string Schema = "schema";

    /// <summary>A few hundred persons through the production path, read back and compared field by field.</summary>
    public const string Sample = "sample";
    public const string SampleGate = "sample-gate";
    public const string LoadPersons = "load-persons";

    /// <summary>Every loaded person (or a configured share of batches) read back and compared field by field.</summary>
    public const string VerifyPersons = "verify-persons";
    public const string Reconcile = "reconcile";
    public const string Completed = "completed";

    /// <summary>Where extraction files the users it set aside on purpose (merged, excluded): skipped, not rejected.</summary>
    public const string ExtractSkipped = "extract-skipped";

    /// <summary>Phases that move records and therefore appear in the reconciliation report.</summary>
    public static IReadOnlyList<string> Reconciled { get; } = [Extract, ExtractFiles, LoadPersons];

    public static IReadOnlyList<string> All { get; } =
        [Discover, GdprGate, Extract, ProposeMapping, MappingGate, Schema, Sample, SampleGate, LoadPersons, VerifyPersons, Reconcile];

    /// <summary>The phase a run is in while it holds at a gate.</summary>
    public static string AtGate(string gate) => gate + "-gate";
}
