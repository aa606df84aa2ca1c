using System.Net;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Probe;
using StrictMail.Operator.Reporting;
using StrictMail.Operator.Runtime.Controllers;
using StrictMail.Operator.Runtime.Leadership;

namespace StrictMail.Operator.Hosting;

/// <summary>
/// The options of `strictmail-operator run`. Each default is the one its feature's options declare (written once there);
/// Usage prints these values, so the help text cannot drift from them.
/// </summary>
internal sealed class RunOptions
{
    private static readonly PolicyControllerOptions ControllerDefaults = new();
    private static readonly ControllerOptions RuntimeDefaults = new();
    private static readonly LeaderElectionOptions LeaseDefaults = new();
    private static readonly ProbeOptions ProbeDefaults = new();
    private static readonly TlsReportingOptions ReportingDefaults = new();

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
    public string ConfigMap { get; init; } = ControllerDefaults.ConfigMapName;

    /// <summary>Label selector of the relay pods.</summary>
    public string RelaySelector { get; init; } = ControllerDefaults.RelaySelector;

    /// <summary>The relays' admin port.</summary>
    public int RelayAdminPort { get; init; } = ControllerDefaults.RelayAdminPort;

    /// <summary>The leader election Lease.</summary>
    public string LeaseName { get; init; } = LeaseDefaults.Name;

    /// <summary>This instance's identity in the Lease (the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>The defaults, with placeholders for the two values read from the pod's environment.</summary>
    public static RunOptions Defaults { get; } = new() { Namespace = "default", Identity = "(pod name)" };

    /// <summary>Where /healthz, /readyz and /metrics listen.</summary>
    public string AdminUrl { get; init; } = "http://0.0.0.0:8080";

    /// <summary>Policies reconciled at the same time.</summary>
    public int Workers { get; init; } = RuntimeDefaults.Workers;

    /// <summary>How soon a policy not yet applied on every relay is looked at again.</summary>
    public TimeSpan AppliedRequeue { get; init; } = ControllerDefaults.AppliedRequeue;

    /// <summary>How often the leader reads the ConfigMap back and restores it if its stored bytes differ.</summary>
    public TimeSpan ConfigMapVerify { get; init; } = ControllerDefaults.ConfigMapVerifyPeriod;

    /// <summary>Every policy is reconciled again this often.</summary>
    public TimeSpan Resync { get; init; } = RuntimeDefaults.ResyncPeriod;

    /// <summary>Leader election lease duration (renew deadline 2/3 of it, retry 2/15 of it, as client-go's 15/10/2 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = LeaseDefaults.LeaseDuration;

    /// <summary>How often the MX hosts of each mandatory policy are probed; zero: never.</summary>
    public TimeSpan ProbeInterval { get; init; } = ProbeDefaults.Interval;

    /// <summary>The SMTP port the probe connects to on MX hosts.</summary>
    public int ProbePort { get; init; } = ProbeDefaults.Port;

    /// <summary>DNS servers for the probe's MX lookups; empty: the system's resolvers.</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>Fleet-wide TLS reporting (RFC 8460): on when its token file is set.</summary>
    public TlsReportingOptions TlsReporting { get; init; } = ReportingDefaults;

    /// <summary>The ConfigMap that remembers the last day reported.</summary>
    public string TlsReportConfigMap { get; init; } = "strictmail-tlsrpt";
}
