using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using StrictMail.Bench.Measure;
using StrictMail.FakeKube;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.TestSupport.Processes;

namespace StrictMail.Bench.Operator;

/// <summary>
/// The operator as `strictmail-operator run` (the Release build, its own process) against the fake API server with
/// <c>count</c> TlsPolicies already stored: from process start until the ConfigMap holds every policy and every policy
/// reports Accepted with that revision. Includes process start and leader election; one status patch and one Event each.
/// </summary>
internal static class ReconcileBench
{
    private const string Namespace = "strictmail-system";
    private const string PolicyNamespace = "mail";

    public static async Task<ReconcileFigures> RunAsync(string repo, string operatorDll, int count)
    {
        await using var server = await FakeKubeServer.StartAsync();
        server.SeedYaml(await File.ReadAllTextAsync(Path.Combine(repo, "crds", "tlspolicies.strictmail.io.yaml")));
        using (var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url }))
        {
            var names = Enumerable.Range(0, count).Select(i => "p" + i.ToString("D4", CultureInfo.InvariantCulture));
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, token) =>
                await client.CustomObjects.CreateNamespacedCustomObjectAsync<TlsPolicy>(
                    new TlsPolicy
                    {
                        ApiVersion = TlsPolicy.GroupVersion,
                        Kind = TlsPolicy.EntityKind,
                        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = PolicyNamespace },
                        Spec = new TlsPolicySpec { Level = "Encrypt", Domains = [name + ".example"] },
                    },
                    TlsPolicy.Group, TlsPolicy.Version, PolicyNamespace, TlsPolicy.Plural, cancellationToken: token));
        }

        var directory = Directory.CreateTempSubdirectory("strictmail-bench-operator-");
        try
        {
            var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
            await File.WriteAllTextAsync(kubeconfig,
                $"apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: {server.Url}\ncontexts:\n- name: fake\n  context:\n    cluster: fake\ncurrent-context: fake\n");
            var requestsBefore = server.Requests.Count;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { operatorDll, "run", "--kubeconfig", kubeconfig, "--namespace", Namespace, "--admin-url", $"http://127.0.0.1:{FreePort.Tcp(IPAddress.Loopback)}", "--probe-interval", "0" })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("STRICTMAIL_", StringComparison.Ordinal) || k.StartsWith("KUBERNETES_", StringComparison.Ordinal) || k == "KUBECONFIG").ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["POD_NAME"] = "bench-operator";
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                while (!Done(server, count))
                {
                    if (clock.Elapsed > TimeSpan.FromMinutes(2) || process.HasExited)
                    {
                        throw new TimeoutException($"the operator did not reconcile {count} policies within 2 minutes (exited: {process.HasExited})");
                    }

                    await Task.Delay(100);
                }

                var elapsed = clock.Elapsed.TotalSeconds;
                return new ReconcileFigures(count, elapsed, ProcStat.CpuSeconds(process.Id), ProcStat.PeakRssBytes(process.Id), server.Requests.Count - requestsBefore);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool Done(FakeKubeServer server, int count)
    {
        var revision = (string?)server.Find("v1", "ConfigMap", Namespace, "strictmail-policy")?["metadata"]?["annotations"]?[PolicyConfigMap.RevisionAnnotation];
        return revision is not null && Enumerable.Range(0, count).All(i => Accepted(server, "p" + i.ToString("D4", CultureInfo.InvariantCulture), revision));
    }

    private static bool Accepted(FakeKubeServer server, string name, string revision) =>
        server.Find(TlsPolicy.GroupVersion, TlsPolicy.EntityKind, PolicyNamespace, name)?["status"] is JsonNode status
        && (string?)status["revision"] == revision
        && status["conditions"]?.AsArray().Any(c => (string?)c?["type"] == PolicyConditionTypes.Accepted && (string?)c?["status"] == "True") == true;
}
