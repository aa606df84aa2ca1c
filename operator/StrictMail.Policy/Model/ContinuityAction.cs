namespace StrictMail.Policy.Model;

/// <summary>What the relay does when an MX host that offered STARTTLS before stops offering it.</summary>
public enum ContinuityAction
{
    /// <summary>Count the suspected downgrade and deliver as the level permits (in clear under Opportunistic).</summary>
    Allow = 0,

    /// <summary>Count it and keep the message queued rather than send it in clear.</summary>
    Defer = 1,
}
