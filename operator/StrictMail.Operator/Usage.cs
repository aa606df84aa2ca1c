using System.Globalization;
using StrictMail.Operator.Hosting;

namespace StrictMail.Operator;

/// <summary>The operator's help text; the defaults it shows are read from <see cref="RunOptions.Defaults"/>, not written here.</summary>
internal static class Usage
{
    private static readonly RunOptions D = RunOptions.Defaults;

    public static string Text { get; } = $"""
        usage: strictmail-operator <command> [options]

        commands:
          local --policies DIR --out FILE [--watch] [--tlsrpt-relay URL --tlsrpt-token-file FILE]
              Compile the TlsPolicy YAML files in DIR (the files you would kubectl apply)
              into the policy document FILE that a relay reads. Invalid policies are
              reported with file, line and field, and nothing is written (exit code 1).
              --watch keeps running and recompiles within a second of any change,
              keeping the last good FILE while the policies have errors.
              --tlsrpt-relay URL (with --watch) also reports TLS results (RFC 8460) for the
              one relay whose admin port is URL, with the token in --tlsrpt-token-file;
              the last day reported is kept in FILE.tlsrpt.
          run [options]
              Run the operator against a cluster: watch TlsPolicies, compile them into the
              relay ConfigMap, report status, conditions and Events on each policy. Several
              instances may run; only the holder of the Lease reconciles.
              --kubeconfig FILE        kubeconfig (default: the pod's service account in a
                                       cluster, else $KUBECONFIG or ~/.kube/config)
              --context NAME           kubeconfig context (default: its current context)
              --namespace NS           the operator's namespace: ConfigMap, Lease, relay pods
                                       (default: $POD_NAMESPACE, else the service account's
                                       namespace, else "{D.Namespace}")
              --watch-namespaces A,B   namespaces whose TlsPolicies count (default: all)
              --privileged-namespaces A,B
                                       namespaces whose TlsPolicies may use nextHop, level None
                                       and "*" ("*": all; default: the operator's namespace)
              --configmap NAME         the ConfigMap the relays mount ({D.ConfigMap})
              --relay-selector SEL     label selector of the relay pods
                                       ({D.RelaySelector})
              --relay-admin-port N     relays' admin port, read by pod IP ({D.RelayAdminPort})
              --lease-name NAME        leader election Lease ({D.LeaseName})
              --identity ID            this instance in the Lease (default: $POD_NAME, else
                                       host name and process id)
              --lease-duration D       Lease duration; renew deadline 2/3, retry 2/15 of it ({Duration(D.LeaseDuration)})
              --admin-url URL          /healthz, /readyz, /metrics ({D.AdminUrl})
              --workers N              policies reconciled at once ({D.Workers})
              --applied-requeue D      recheck of a policy not yet on every relay ({Duration(D.AppliedRequeue)})
              --configmap-verify D     reread and repair of the relay ConfigMap ({Duration(D.ConfigMapVerify)})
              --resync D               full resync period ({Duration(D.Resync)})
              --probe-interval D       how often the MX hosts of mandatory policies are
                                       probed for their certificates; 0 turns it off ({Duration(D.ProbeInterval)})
              --probe-port N           the MX hosts' SMTP port ({D.ProbePort})
              --dns-servers A,B        DNS servers ip[:port] for the probe's MX lookups
                                       (default: the system's resolvers)
              --tlsrpt-token-file FILE bearer token of the relays' /tlsrpt/ endpoints; turns on
                                       fleet-wide TLS reports (RFC 8460): the leader merges every
                                       relay's day into one report per domain (default: off)
              --tlsrpt-submitter NAME  reporting domain in each report id ({D.TlsReporting.Submitter})
              --tlsrpt-interval D      how often finished days are looked for ({Duration(D.TlsReporting.Interval)})
              --tlsrpt-wait D          after a day ends, how long relays that do not answer are
                                       waited for before reporting without them ({Duration(D.TlsReporting.WaitForAll)})
              --tlsrpt-configmap NAME  remembers the last day reported ({D.TlsReportConfigMap})
          help
              Show this text.
        """;

    // 90 -> "90s", 300 -> "5m", 21600 -> "6h": the largest unit that divides it, as the options are written.
    private static string Duration(TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        var (value, unit) = seconds % 86400 == 0 ? (seconds / 86400, "d")
            : seconds % 3600 == 0 ? (seconds / 3600, "h")
            : seconds % 60 == 0 ? (seconds / 60, "m")
            : (seconds, "s");
        return value.ToString(CultureInfo.InvariantCulture) + unit;
    }
}
