using System.Globalization;
using System.Net;
using StrictMail.Operator.Cli;
using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Hosting;

/// <summary>Reads `run`'s command line; defaults come from the pod's environment where one applies.</summary>
internal static class RunOptionsReader
{
    /// <summary>The service account namespace file of an in-cluster pod.</summary>
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The longest duration accepted: .NET timers and delays take at most about 49.7 days.</summary>
    private const long MaxSeconds = 49L * 24 * 3600;

    private static readonly HashSet<string> Valued =
    [
        "--kubeconfig", "--context", "--namespace", "--watch-namespaces", "--configmap", "--relay-selector",
        "--relay-admin-port", "--lease-name", "--identity", "--admin-url", "--workers", "--applied-requeue", "--resync", "--configmap-verify", "--lease-duration", "--privileged-namespaces",
        "--probe-interval", "--probe-port", "--dns-servers",
        "--tlsrpt-token-file", "--tlsrpt-submitter", "--tlsrpt-interval", "--tlsrpt-wait", "--tlsrpt-configmap",
    ];

    public static RunOptions Read(IReadOnlyList<string> args, Func<string, string?> environment, Func<string, string?> readFile)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(readFile);
        var reader = ArgumentReader.Parse(args, Valued, new HashSet<string>());
        var defaults = RunOptions.Defaults;
        return new RunOptions
        {
            Kubeconfig = reader.Get("--kubeconfig"),
            Context = reader.Get("--context"),
            Namespace = reader.Get("--namespace")
                ?? NonEmpty(environment("POD_NAMESPACE"))
                ?? NonEmpty(readFile(ServiceAccountNamespaceFile)?.Trim())
                ?? defaults.Namespace,
            WatchNamespaces = (reader.Get("--watch-namespaces") ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            PrivilegedNamespaces = (reader.Get("--privileged-namespaces") ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ConfigMap = reader.Get("--configmap") ?? defaults.ConfigMap,
            RelaySelector = reader.Get("--relay-selector") ?? defaults.RelaySelector,
            RelayAdminPort = Int(reader, "--relay-admin-port", defaults.RelayAdminPort, 1, 65535),
            LeaseName = reader.Get("--lease-name") ?? defaults.LeaseName,
            Identity = reader.Get("--identity") ?? NonEmpty(environment("POD_NAME")) ?? Environment.MachineName + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            AdminUrl = reader.Get("--admin-url") ?? defaults.AdminUrl,
            Workers = Int(reader, "--workers", defaults.Workers, 1, 64),
            AppliedRequeue = Duration(reader, "--applied-requeue", defaults.AppliedRequeue),
            Resync = Duration(reader, "--resync", defaults.Resync),
            ConfigMapVerify = Duration(reader, "--configmap-verify", defaults.ConfigMapVerify),
            LeaseDuration = Duration(reader, "--lease-duration", defaults.LeaseDuration),
            ProbeInterval = Off(reader.Get("--probe-interval")) ? TimeSpan.Zero : Duration(reader, "--probe-interval", defaults.ProbeInterval),
            ProbePort = Int(reader, "--probe-port", defaults.ProbePort, 1, 65535),
            DnsServers = DnsServers(reader.Get("--dns-servers")),
            TlsReporting = new Reporting.TlsReportingOptions
            {
                TokenFile = reader.Get("--tlsrpt-token-file") ?? defaults.TlsReporting.TokenFile,
                Submitter = reader.Get("--tlsrpt-submitter") ?? defaults.TlsReporting.Submitter,
                Interval = Duration(reader, "--tlsrpt-interval", defaults.TlsReporting.Interval),
                WaitForAll = Duration(reader, "--tlsrpt-wait", defaults.TlsReporting.WaitForAll),
            },
            TlsReportConfigMap = reader.Get("--tlsrpt-configmap") ?? defaults.TlsReportConfigMap,
        };
    }

    /// <summary>"0" (or 0s, 0m...) turns a periodic job off.</summary>
    private static bool Off(string? text) => text is not null && (text == "0" || DurationParser.TryParseSeconds(text) == 0);

    private static IPEndPoint[] DnsServers(string? text) =>
        [.. (text ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(server => IPEndPoint.TryParse(server, out var endPoint)
                ? endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 53) : endPoint
                : throw new UsageException($"--dns-servers takes ip or ip:port separated by commas (IPv6 as [ip]:port), not '{server}'"))];

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Int(ArgumentReader reader, string name, int fallback, int min, int max)
    {
        var text = reader.Get(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{text}'");
    }

    /// <summary>The duration option <paramref name="name"/>, or <paramref name="fallback"/>; a bad one is a usage error naming it.</summary>
    public static TimeSpan Duration(ArgumentReader reader, string name, TimeSpan fallback)
    {
        var text = reader.Get(name);
        if (text is null)
        {
            return fallback;
        }

        return DurationParser.TryParseSeconds(text) is > 0 and <= MaxSeconds and var seconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{name} must be a positive duration up to 49d, such as 30s, 5m or 1h, not '{text}'");
    }
}
