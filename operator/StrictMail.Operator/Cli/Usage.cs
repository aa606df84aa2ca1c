namespace StrictMail.Operator.Cli;

/// <summary>The operator's help text.</summary>
internal static class Usage
{
    public const string Text = """
        usage: strictmail-operator <command> [options]

        commands:
          local --policies DIR --out FILE [--watch]
              Compile the TlsPolicy YAML files in DIR (the files you would kubectl apply)
              into the policy document FILE that a relay reads. Invalid policies are
              reported with file, line and field, and nothing is written (exit code 1).
              --watch keeps running and recompiles within a second of any change,
              keeping the last good FILE while the policies have errors.
          run [options]
              Run the operator against a cluster: watch TlsPolicies, compile them into the
              relay ConfigMap, report status, conditions and Events on each policy. Several
              instances may run; only the holder of the Lease reconciles.
              --kubeconfig FILE        kubeconfig (default: the pod's service account in a
                                       cluster, else $KUBECONFIG or ~/.kube/config)
              --context NAME           kubeconfig context (default: its current context)
              --namespace NS           the operator's namespace: ConfigMap, Lease, relay pods
                                       (default: $POD_NAMESPACE, else the service account's
                                       namespace, else "default")
              --watch-namespaces A,B   namespaces whose TlsPolicies count (default: all)
              --privileged-namespaces A,B
                                       namespaces whose TlsPolicies may use nextHop, level None
                                       and "*" ("*": all; default: the operator's namespace)
              --configmap NAME         the ConfigMap the relays mount (strictmail-policy)
              --relay-selector SEL     label selector of the relay pods
                                       (app.kubernetes.io/name=strictmail,app.kubernetes.io/component=relay)
              --relay-admin-port N     relays' admin port, read by pod IP (9464)
              --lease-name NAME        leader election Lease (strictmail-operator)
              --identity ID            this instance in the Lease (default: $POD_NAME, else
                                       host name and process id)
              --lease-duration D       Lease duration; renew deadline 2/3, retry 2/15 of it (15s)
              --admin-url URL          /healthz, /readyz, /metrics (http://0.0.0.0:8080)
              --workers N              policies reconciled at once (4)
              --applied-requeue D      recheck of a policy not yet on every relay (5s)
              --configmap-verify D     reread and repair of the relay ConfigMap (1m)
              --resync D               full resync period (10m)
              --probe-interval D       how often the MX hosts of mandatory policies are
                                       probed for their certificates; 0 turns it off (6h)
              --probe-port N           the MX hosts' SMTP port (25)
              --dns-servers A,B        DNS servers ip[:port] for the probe's MX lookups
                                       (default: the system's resolvers)
          help
              Show this text.
        """;
}
