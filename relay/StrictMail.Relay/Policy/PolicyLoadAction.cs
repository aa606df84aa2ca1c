namespace StrictMail.Relay.Policy;

/// <summary>What to do after reading the policy file.</summary>
internal enum PolicyLoadAction
{
    /// <summary>Nothing changed since the last read.</summary>
    Unchanged = 0,

    /// <summary>A valid document: apply it.</summary>
    Apply = 1,

    /// <summary>A new but unusable file (missing, unreadable or invalid): keep the applied snapshot and record the error.</summary>
    Reject = 2,
}
