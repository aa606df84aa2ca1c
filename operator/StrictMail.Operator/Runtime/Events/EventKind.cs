namespace StrictMail.Operator.Runtime.Events;

/// <summary>The type of a Kubernetes Event.</summary>
internal enum EventKind
{
    /// <summary>Something expected happened.</summary>
    Normal,

    /// <summary>Something the user should look at.</summary>
    Warning,
}
