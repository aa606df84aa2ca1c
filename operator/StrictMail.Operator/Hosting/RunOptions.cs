using System.Net;

namespace StrictMail.Operator.Hosting;

/// <summary>The options of `strictmail-operator run` (see Usage and README for defaults).</summary>
internal sealed class RunOptions
{
    /// <summary>A kubeconfig file; null: in-cluster configuration inside a pod, else $KUBECONFIG or ~/.kube/config.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context; null: its current context.</summary>
    public string? Context { get; init; }

    /// <summary>The operator's namespace: the policy ConfigMap, the Lease and the relay pods live here.</summary>
    public required string Namespace { get; init; }

    /// <summary>Namespaces whose TlsPolicies are compiled; empty: all namespaces.</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];

    /// <summary>Namespaces whose TlsPolicies may use nextHop, level None and "*" ("*" for all); empty: only <see cref="Namespace"/>.</summary>
    public IReadOnlyList<string> PrivilegedNamespaces { get; init; } = [];

    /// <summary>The ConfigMap the relays mount.</summary>
    public string ConfigMap { get; init; } = "strictmail-policy";

    /// <summary>Label selector of the relay pods.</summary>
    public string RelaySelector { get; init; } = "app.kubernetes.io/name=strictmail,app.kubernetes.io/component=relay";

    /// <summary>The relays' admin port.</summary>
    public int RelayAdminPort { get; init; } = 9464;

    /// <summary>The leader election Lease.</summary>
    public string LeaseName { get; init; } = "strictmail-operator";

    /// <summary>This instance's identity in the Lease (the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>Where /healthz, /readyz and /metrics listen.</summary>
    public string AdminUrl { get; init; } = "http://0.0.0.0:8080";

    /// <summary>Policies reconciled at the same time.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>How soon a policy not yet applied on every relay is looked at again.</summary>
    public TimeSpan AppliedRequeue { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the leader reads the ConfigMap back and restores it if its stored bytes differ.</summary>
    public TimeSpan ConfigMapVerify { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Every policy is reconciled again this often.</summary>
    public TimeSpan Resync { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Leader election lease duration (renew deadline 2/3 of it, retry 2/15 of it, as client-go's 15/10/2 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the MX hosts of each mandatory policy are probed; zero: never.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The SMTP port the probe connects to on MX hosts.</summary>
    public int ProbePort { get; init; } = 25;

    /// <summary>DNS servers for the probe's MX lookups; empty: the system's resolvers.</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];
}
