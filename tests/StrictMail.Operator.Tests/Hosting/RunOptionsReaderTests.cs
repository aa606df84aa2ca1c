using StrictMail.Operator.Cli;
using StrictMail.Operator.Hosting;

namespace StrictMail.Operator.Tests.Hosting;

public sealed class RunOptionsReaderTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void Read_NothingGiven_Defaults()
    {
        var options = Read([]);

        Assert.Null(options.Kubeconfig);
        Assert.Null(options.Context);
        Assert.Equal("default", options.Namespace);
        Assert.Empty(options.WatchNamespaces);
        Assert.Empty(options.PrivilegedNamespaces);
        Assert.Equal("strictmail-policy", options.ConfigMap);
        Assert.Equal("app.kubernetes.io/name=strictmail,app.kubernetes.io/component=relay", options.RelaySelector);
        Assert.Equal(9464, options.RelayAdminPort);
        Assert.Equal("strictmail-operator", options.LeaseName);
        Assert.Equal("http://0.0.0.0:8080", options.AdminUrl);
        Assert.Equal(4, options.Workers);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AppliedRequeue);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Resync);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ConfigMapVerify);
        Assert.Equal(TimeSpan.FromSeconds(15), options.LeaseDuration);
    }

    [Fact]
    public void Read_TlsReportOptions_TakenAndReportingOn()
    {
        var options = Read(["--tlsrpt-token-file", "/run/token", "--tlsrpt-submitter", "example.com", "--tlsrpt-interval", "5m", "--tlsrpt-wait", "2h", "--tlsrpt-configmap", "progress"]);

        Assert.True(options.TlsReporting.Enabled);
        Assert.Equal(("/run/token", "example.com", TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), "progress"), (options.TlsReporting.TokenFile, options.TlsReporting.Submitter, options.TlsReporting.Interval, options.TlsReporting.WaitForAll, options.TlsReportConfigMap));
    }

    [Fact]
    public void Read_NoTlsReportTokenFile_ReportingOffWithDefaults()
    {
        var options = Read([]);

        Assert.False(options.TlsReporting.Enabled);
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromHours(6), "strictmail-tlsrpt"), (options.TlsReporting.Interval, options.TlsReporting.WaitForAll, options.TlsReportConfigMap));
    }

    [Fact]
    public void Read_EveryOption_Taken()
    {
        var options = Read(
        [
            "--kubeconfig", "/tmp/kc", "--context", "kind", "--namespace", "ops", "--watch-namespaces", "a,b",
            "--configmap", "cm", "--relay-selector", "app=relay", "--relay-admin-port", "9000", "--lease-name", "lease",
            "--identity", "me", "--admin-url", "http://127.0.0.1:9999", "--workers", "8", "--applied-requeue", "2s",
            "--resync", "1h30m", "--lease-duration=30s", "--configmap-verify", "20s",
        ]);

        Assert.Equal(("/tmp/kc", "kind", "ops"), (options.Kubeconfig, options.Context, options.Namespace));
        Assert.Equal(["a", "b"], options.WatchNamespaces);
        Assert.Equal(("cm", "app=relay", 9000, "lease"), (options.ConfigMap, options.RelaySelector, options.RelayAdminPort, options.LeaseName));
        Assert.Equal(("me", "http://127.0.0.1:9999", 8), (options.Identity, options.AdminUrl, options.Workers));
        Assert.Equal(TimeSpan.FromSeconds(2), options.AppliedRequeue);
        Assert.Equal(TimeSpan.FromMinutes(90), options.Resync);
        Assert.Equal(TimeSpan.FromSeconds(20), options.ConfigMapVerify);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LeaseDuration);
    }

    [Fact]
    public void Read_NamespaceOption_WinsOverEnvironmentAndServiceAccount()
    {
        var options = Read(["--namespace", "flag"], new() { ["POD_NAMESPACE"] = "env" }, "sa");

        Assert.Equal("flag", options.Namespace);
    }

    [Fact]
    public void Read_PodNamespace_WinsOverServiceAccount()
    {
        Assert.Equal("env", Read([], new() { ["POD_NAMESPACE"] = "env" }, "sa").Namespace);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Read_BlankPodNamespace_FallsBackToServiceAccount(string blank)
    {
        Assert.Equal("sa", Read([], new() { ["POD_NAMESPACE"] = blank }, "sa").Namespace);
    }

    [Fact]
    public void Read_ServiceAccountFile_TrimmedAndUsed()
    {
        Assert.Equal("from-file", Read([], NoEnvironment, "  from-file\n").Namespace);
    }

    [Fact]
    public void Read_ServiceAccountFileAsked_AtTheWellKnownPath()
    {
        var asked = new List<string>();

        RunOptionsReader.Read([], _ => null, path =>
        {
            asked.Add(path);
            return "ns";
        });

        Assert.Equal(["/var/run/secrets/kubernetes.io/serviceaccount/namespace"], asked);
    }

    [Fact]
    public void Read_BlankServiceAccountFile_Default()
    {
        Assert.Equal("default", Read([], NoEnvironment, " \n").Namespace);
    }

    [Fact]
    public void Read_PodName_IsTheIdentity()
    {
        Assert.Equal("strictmail-operator-7d9f-abcde", Read([], new() { ["POD_NAME"] = "strictmail-operator-7d9f-abcde" }).Identity);
    }

    [Fact]
    public void Read_IdentityOption_WinsOverPodName()
    {
        Assert.Equal("flag", Read(["--identity", "flag"], new() { ["POD_NAME"] = "pod" }).Identity);
    }

    [Fact]
    public void Read_NoPodName_HostAndProcessId()
    {
        var identity = Read([]).Identity;

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", identity);
    }

    [Fact]
    public void Read_PrivilegedNamespaces_SplitTrimmed() =>
        Assert.Equal(["strictmail-system", "mail-routing"], Read(["--privileged-namespaces", "strictmail-system, mail-routing,"]).PrivilegedNamespaces);

    [Fact]
    public void Read_WatchNamespaces_SplitTrimmedEmptiesDropped()
    {
        Assert.Equal(["mail", "billing", "ops"], Read(["--watch-namespaces", " mail, billing ,,ops, "]).WatchNamespaces);
    }

    [Theory]
    [InlineData("--relay-admin-port", "0")]
    [InlineData("--relay-admin-port", "65536")]
    [InlineData("--relay-admin-port", "-1")]
    [InlineData("--relay-admin-port", "http")]
    [InlineData("--relay-admin-port", "+80")]
    [InlineData("--relay-admin-port", " 80")]
    [InlineData("--workers", "0")]
    [InlineData("--workers", "65")]
    [InlineData("--workers", "four")]
    [InlineData("--workers", "1.5")]
    public void Read_BadNumber_UsageExceptionNamingTheOption(string option, string value)
    {
        var error = Assert.Throws<UsageException>(() => Read([option, value]));

        Assert.StartsWith(option + " must be", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--relay-admin-port", "1", 1)]
    [InlineData("--relay-admin-port", "65535", 65535)]
    [InlineData("--workers", "1", 1)]
    [InlineData("--workers", "64", 64)]
    public void Read_NumberAtTheLimit_Accepted(string option, string value, int expected)
    {
        var options = Read([option, value]);

        Assert.Equal(expected, option == "--workers" ? options.Workers : options.RelayAdminPort);
    }

    [Theory]
    [InlineData("--applied-requeue", "5")]
    [InlineData("--applied-requeue", "0s")]
    [InlineData("--resync", "10 m")]
    [InlineData("--resync", "-1m")]
    [InlineData("--lease-duration", "15sec")]
    [InlineData("--lease-duration", "1.5s")]
    [InlineData("--lease-duration", "PT15S")]
    [InlineData("--resync", "50d")]
    [InlineData("--resync", "99999999999d")]
    public void Read_BadDuration_UsageExceptionNamingTheOption(string option, string value)
    {
        var error = Assert.Throws<UsageException>(() => Read([option, value]));

        Assert.StartsWith(option + " must be a positive duration", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoProbeOptions_Every6HoursOnPort25WithTheSystemResolvers()
    {
        var options = Read([]);

        Assert.Equal((TimeSpan.FromHours(6), 25), (options.ProbeInterval, options.ProbePort));
        Assert.Empty(options.DnsServers);
    }

    [Fact]
    public void Read_ProbeOptions_Taken()
    {
        var options = Read(["--probe-interval", "30m", "--probe-port", "2525", "--dns-servers", "127.0.0.53, 10.0.0.1:5353,[::1]:54"]);

        Assert.Equal((TimeSpan.FromMinutes(30), 2525), (options.ProbeInterval, options.ProbePort));
        Assert.Equal(["127.0.0.53:53", "10.0.0.1:5353", "[::1]:54"], options.DnsServers.Select(s => s.ToString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("0h")]
    public void Read_ProbeIntervalZero_ProbingOff(string zero)
    {
        Assert.Equal(TimeSpan.Zero, Read(["--probe-interval", zero]).ProbeInterval);
    }

    [Theory]
    [InlineData("--probe-interval", "6 h", "--probe-interval must be a positive duration")]
    [InlineData("--probe-port", "0", "--probe-port must be a whole number from 1 to 65535")]
    [InlineData("--dns-servers", "dns.example", "--dns-servers takes ip or ip:port")]
    [InlineData("--dns-servers", "10.0.0.1:99999", "--dns-servers takes ip or ip:port")]
    public void Read_BadProbeOption_UsageExceptionNamingTheOption(string option, string value, string expected)
    {
        var error = Assert.Throws<UsageException>(() => Read([option, value]));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownOption_Rejected()
    {
        var error = Assert.Throws<UsageException>(() => Read(["--namespce", "ops"]));

        Assert.Equal("unknown option '--namespce'", error.Message);
    }

    [Fact]
    public void Read_OptionWithoutValue_Rejected()
    {
        var error = Assert.Throws<UsageException>(() => Read(["--namespace", "--workers", "2"]));

        Assert.Equal("--namespace needs a value", error.Message);
    }

    [Fact]
    public void Read_OptionTwice_Rejected()
    {
        var error = Assert.Throws<UsageException>(() => Read(["--workers", "2", "--workers=3"]));

        Assert.Equal("--workers is given twice", error.Message);
    }

    [Fact]
    public void Read_NullEnvironmentOrFileReader_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RunOptionsReader.Read([], null!, _ => null));
        Assert.Throws<ArgumentNullException>(() => RunOptionsReader.Read([], _ => null, null!));
    }

    private static RunOptions Read(string[] args, Dictionary<string, string>? environment = null, string? serviceAccountNamespace = null) =>
        RunOptionsReader.Read(
            args,
            name => (environment ?? NoEnvironment).GetValueOrDefault(name),
            path => path == RunOptionsReader.ServiceAccountNamespaceFile ? serviceAccountNamespace : null);
}
