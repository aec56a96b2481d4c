namespace Migration.Domain;

/// <summary>
/// A failure only a person can fix: a wrong key, a segment that cannot be listed, a plan cap, a field
/// of the wrong type, a connection missing from configuration. Activities that fail this way are not
/// retried: the run stops at once with this message, which says what to do, and the operator resumes
/// the run by posting the same request again once it is fixed.
/// </summary>
public class OperatorActionRequiredException(string message, Exception? inner = null) : Exception(message, inner);
