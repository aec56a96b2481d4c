namespace Migration.Domain.Reports;

/// <summary>One row of <c>rejects/{phase}.csv</c>: which record, and why. Never the record's values.</summary>
public sealed record RejectedRecord(string Phase, string SourceId, string ReasonCode, string Detail);
