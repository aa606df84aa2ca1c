using System.Net;

namespace StrictMail.Operator.Probe;

/// <summary>How the operator probes the MX hosts of mandatory policies.</summary>
internal sealed class ProbeOptions
{
    /// <summary>How often each mandatory policy is probed; zero turns probing off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The SMTP port of the MX hosts (25; tests use another).</summary>
    public int Port { get; init; } = 25;

    /// <summary>DNS servers for the MX and address lookups; empty: the system's resolvers.</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>The longest one DNS query or one MX host's whole SMTP and TLS dialogue may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>MX hosts probed per domain, in preference order.</summary>
    public int MaxHostsPerDomain { get; init; } = 3;

    /// <summary>Exact domains probed per policy (the first ones in spec order).</summary>
    public int MaxDomainsPerPolicy { get; init; } = 5;

    /// <summary>Policies probed at the same time.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>How long before a certificate's notAfter a Warning Event is recorded.</summary>
    public TimeSpan ExpiryWarning { get; init; } = Entities.PolicyConditionTypes.ExpiryWarning;

    /// <summary>The name the probe gives in EHLO.</summary>
    public string EhloName { get; init; } = Environment.MachineName;
}
