using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StrictMail.FakeKube;
using StrictMail.Operator.Entities;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Processes;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>The real `strictmail-operator run` as a child process against the fake API server, over loopback HTTP.</summary>
public sealed class OperatorProcessTests
{
    private const string AssemblyName = "strictmail-operator.dll";
    private const string Namespace = "strictmail-system";
    private const string Identity = "operator-e2e";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Run_AgainstApiServer_LeadsWritesConfigMapServesMetricsAndReleasesLeaseOnSigterm()
    {
        await using var server = await FakeKubeServer.StartAsync();
        server.SeedYaml(File.ReadAllText(RepoPaths.Of("crds", "tlspolicies.strictmail.io.yaml")));
        using var directory = new TempDirectory();
        var kubeconfig = WriteKubeconfig(directory, server.Url);
        var admin = new Uri($"http://127.0.0.1:{FreePort.Tcp(IPAddress.Loopback)}");
        using var http = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(2) };
        using var run = Start(
            ["run", "--kubeconfig", kubeconfig, "--namespace", Namespace, "--admin-url", admin.GetLeftPart(UriPartial.Authority), "--lease-duration", "3s", "--applied-requeue", "1s", "--probe-interval", "0"],
            new Dictionary<string, string> { ["POD_NAME"] = Identity });
        try
        {
            await WaitForAsync(run, async () => await GetAsync(http, "/readyz") is (HttpStatusCode.OK, "ready (leader)"), "/readyz says ready (leader)");
            var lease = server.Find("coordination.k8s.io/v1", "Lease", Namespace, "strictmail-operator");
            Assert.Equal(Identity, (string?)lease?["spec"]?["holderIdentity"]);
            Assert.Equal((HttpStatusCode.OK, "ok"), await GetAsync(http, "/healthz"));

            using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
            await client.CustomObjects.CreateNamespacedCustomObjectAsync<TlsPolicy>(
                new TlsPolicy
                {
                    ApiVersion = TlsPolicy.GroupVersion,
                    Kind = TlsPolicy.EntityKind,
                    Metadata = new V1ObjectMeta { Name = "bank", NamespaceProperty = "mail" },
                    Spec = new TlsPolicySpec { Level = "Secure", Domains = ["bank.example"] },
                },
                TlsPolicy.Group,
                TlsPolicy.Version,
                "mail",
                TlsPolicy.Plural);

            await WaitForAsync(run, () => Task.FromResult(server.Find("v1", "ConfigMap", Namespace, "strictmail-policy") is not null), "the ConfigMap strictmail-system/strictmail-policy exists");
            var configMap = server.Find("v1", "ConfigMap", Namespace, "strictmail-policy")!;
            Assert.Contains("bank.example", (string?)configMap["data"]?["policy.json"], StringComparison.Ordinal);
            Assert.Equal("1", (string?)configMap["metadata"]?["annotations"]?["strictmail.io/policies"]);

            string metrics = string.Empty;
            await WaitForAsync(
                run,
                async () =>
                {
                    metrics = (await GetAsync(http, "/metrics")).Body;
                    return metrics.Contains("strictmail_operator_reconciliations_total{", StringComparison.Ordinal)
                        && metrics.Contains("strictmail_operator_policies{", StringComparison.Ordinal);
                },
                "/metrics shows reconciliations and policies");
            Assert.Matches("strictmail_operator_policies\\{[^}]*state=\"accepted\"[^}]*\\} 1(\\s|$)", metrics);

            var clock = Stopwatch.StartNew();
            Terminate(run.Process.Id);
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                await run.Process.WaitForExitAsync(timeout.Token);
            }

            Assert.True(run.Process.ExitCode == 0, run.Describe($"exit code {run.Process.ExitCode} after SIGTERM ({clock.Elapsed.TotalSeconds:F1} s)"));
            var released = server.Find("coordination.k8s.io/v1", "Lease", Namespace, "strictmail-operator");
            Assert.NotNull(released);
            Assert.True(string.IsNullOrEmpty((string?)released["spec"]?["holderIdentity"]), run.Describe($"the lease still names a holder: {released.ToJsonString()}"));
            Assert.Equal(1, (int?)released["spec"]?["leaseDurationSeconds"]);
        }
        finally
        {
            run.Kill();
        }
    }

    [Fact]
    public async Task Run_KubeconfigMissing_ExitsNonZeroNamingTheFile()
    {
        using var run = Start(["run", "--kubeconfig", "/nonexistent/kubeconfig", "--admin-url", $"http://127.0.0.1:{FreePort.Tcp(IPAddress.Loopback)}"]);

        var code = await run.ExitCodeAsync();

        Assert.NotEqual(0, code);
        Assert.Contains("--kubeconfig /nonexistent/kubeconfig: no such file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ZeroWorkers_Exits64WithTheUsageError()
    {
        using var directory = new TempDirectory();
        var kubeconfig = WriteKubeconfig(directory, "http://127.0.0.1:1");
        using var run = Start(["run", "--kubeconfig", kubeconfig, "--workers", "0"]);

        var code = await run.ExitCodeAsync();

        Assert.True(code == 64, run.Describe($"exit code {code}"));
        Assert.Contains("error: --workers must be a whole number from 1 to 64, not '0'", run.Error, StringComparison.Ordinal);
        Assert.Contains("usage: strictmail-operator", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownOption_Exits64NamingIt()
    {
        using var run = Start(["run", "--wrokers", "2"]);

        var code = await run.ExitCodeAsync();

        Assert.True(code == 64, run.Describe($"exit code {code}"));
        Assert.Contains("error: unknown option '--wrokers'", run.Error, StringComparison.Ordinal);
    }

    private static string WriteKubeconfig(TempDirectory directory, string serverUrl)
    {
        var path = directory.File("kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {serverUrl}
            contexts:
            - name: fake
              context:
                cluster: fake
            current-context: fake
            """);
        return path;
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, e.Message);
        }
    }

    private static async Task WaitForAsync(OperatorRun run, Func<Task<bool>> condition, string because)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (run.Process.HasExited)
            {
                Assert.Fail(run.Describe($"The operator exited with code {run.Process.ExitCode} while waiting until {because}."));
            }

            if (clock.Elapsed > StartTimeout)
            {
                Assert.Fail(run.Describe($"Timed out waiting until {because}."));
            }

            await Task.Delay(50);
        }
    }

    // Process.Kill sends SIGKILL on Linux; Kubernetes stops a pod with SIGTERM.
    private static void Terminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start kill.");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static OperatorRun Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(OperatorAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child gets only its command line: no settings meant for in-process hosts, no in-cluster or user kubeconfig.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("STRICTMAIL_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("POD_", StringComparison.Ordinal) || k.StartsWith("KUBERNETES_", StringComparison.Ordinal) || k == "KUBECONFIG").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new OperatorRun(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet."));
    }

    private static string OperatorAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, AssemblyName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{AssemblyName} is not next to the test assembly: build tests/StrictMail.Operator.Tests (it references the operator project).", path);
    }

    /// <summary>A started operator process and everything it printed.</summary>
    private sealed class OperatorRun : IDisposable
    {
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();

        public OperatorRun(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(_output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Error
        {
            get
            {
                lock (_error)
                {
                    return _error.ToString();
                }
            }
        }

        /// <summary>Waits (at most 10 s) for the exit and for the end of its output.</summary>
        public async Task<int> ExitCodeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                Assert.Fail(Describe("The operator did not exit within 10 s."));
            }

            return Process.ExitCode;
        }

        public string Describe(string problem)
        {
            lock (_output)
            {
                return $"{problem}\n--- stdout ---\n{_output}\n--- stderr ---\n{Error}";
            }
        }

        public void Kill()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            Process.Dispose();
        }

        private static void Append(StringBuilder to, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (to)
            {
                to.AppendLine(line);
            }
        }
    }
}
