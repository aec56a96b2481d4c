namespace Migration.Domain.Persons;

/// <summary>Reason codes in the rejects report; docs/transforms.md explains each.</summary>
public static class RejectReason
{
    public const string InvalidEmail = "invalid_email";
    public const string NoContact = "no_contact";
    public const string SourceNotFound = "source_not_found";
    public const string PipedriveValidation = "pipedrive_validation";
}
