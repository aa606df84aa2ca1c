namespace StrictMail.Operator.Runtime.Leadership;

/// <summary>Which coordination.k8s.io/v1 Lease a <see cref="LeaderElection"/> competes for, and its timing.</summary>
internal sealed class LeaderElectionOptions
{
    /// <summary>The Lease's name.</summary>
    public string Name { get; init; } = "strictmail-operator";

    /// <summary>The Lease's namespace.</summary>
    public string Namespace { get; init; } = "strictmail-system";

    /// <summary>This candidate's identity (the pod name), written as holderIdentity.</summary>
    public string Identity { get; init; } = Environment.MachineName;

    /// <summary>How long others wait after the last observed renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up leadership when it has not renewed for this long; must be below <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The interval between acquire and renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
