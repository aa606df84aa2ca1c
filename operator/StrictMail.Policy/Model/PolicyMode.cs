namespace StrictMail.Policy.Model;

/// <summary>Whether a policy's failures stop delivery or are only counted.</summary>
public enum PolicyMode
{
    /// <summary>A failed TLS requirement stops the delivery (defer or bounce per onFailure).</summary>
    Enforce = 0,

    /// <summary>Deliver anyway and count what would have failed; for rolling a policy out safely.</summary>
    Testing = 1,
}
