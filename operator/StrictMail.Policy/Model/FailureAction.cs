namespace StrictMail.Policy.Model;

/// <summary>What the relay does with a message whose delivery the policy refused.</summary>
public enum FailureAction
{
    /// <summary>Keep the message queued and retry; bounce once bounceAfter has passed.</summary>
    Defer = 0,

    /// <summary>Bounce to the sender at once.</summary>
    Bounce = 1,
}
