using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using StrictMail.FakeKube;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Hosting;
using StrictMail.Operator.Telemetry;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// A fake API server with the TlsPolicy CRD, and operator instances built exactly as `run` builds
/// them (OperatorRuntime), talking to it over HTTP with the real KubernetesClient.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public const string Namespace = "strictmail-system";
    public const string PolicyNamespace = "mail";
    public const string ConfigMapName = "strictmail-policy";

    private readonly List<OperatorInstance> _instances = [];

    private OperatorHarness(FakeKubeServer server)
    {
        Server = server;
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
    }

    public FakeKubeServer Server { get; }

    public Kubernetes Client { get; }

    public static async Task<OperatorHarness> StartAsync(FakeKubeOptions? options = null)
    {
        var server = await FakeKubeServer.StartAsync(options);
        server.SeedYaml(File.ReadAllText(RepoPaths.Of("crds", "tlspolicies.strictmail.io.yaml")));
        return new OperatorHarness(server);
    }

    /// <summary>
    /// Starts an operator instance; with <paramref name="waitForLeader"/>, returns once it leads. The MX probe is off
    /// unless <paramref name="probeInterval"/> is given (with loopback <paramref name="dnsServers"/>: tests stay on loopback).
    /// Only the operator's namespace is privileged unless <paramref name="privilegedNamespaces"/> says otherwise.
    /// </summary>
    public async Task<OperatorInstance> StartOperatorAsync(
        string identity = "operator-a",
        bool waitForLeader = true,
        int relayAdminPort = 9464,
        int workers = 4,
        TimeSpan? probeInterval = null,
        int probePort = 25,
        IReadOnlyList<IPEndPoint>? dnsServers = null,
        TimeSpan? configMapVerify = null,
        IReadOnlyList<string>? privilegedNamespaces = null,
        Operator.Reporting.TlsReportingOptions? tlsReporting = null)
    {
        var options = new RunOptions
        {
            Namespace = Namespace,
            Identity = identity,
            ConfigMap = ConfigMapName,
            RelaySelector = "app.kubernetes.io/component=relay",
            RelayAdminPort = relayAdminPort,
            AppliedRequeue = TimeSpan.FromMilliseconds(200),
            LeaseDuration = TimeSpan.FromSeconds(3),
            Workers = workers,
            ProbeInterval = probeInterval ?? TimeSpan.Zero,
            ProbePort = probePort,
            DnsServers = dnsServers ?? [],
            ConfigMapVerify = configMapVerify ?? TimeSpan.FromMinutes(1),
            PrivilegedNamespaces = privilegedNamespaces ?? [],
            TlsReporting = tlsReporting ?? new Operator.Reporting.TlsReportingOptions(),
        };
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = Server.Url });
        var metrics = new OperatorMetrics();
        var instance = new OperatorInstance(client, new OperatorRuntime(client, options, metrics, NullLoggerFactory.Instance), metrics);
        _instances.Add(instance);
        if (waitForLeader)
        {
            await Eventually.WaitAsync(() => instance.Runtime.IsLeader, $"{identity} leads", TimeSpan.FromSeconds(10));
        }

        return instance;
    }

    /// <summary>Applies a TlsPolicy (create, or replace the spec) in the policy namespace.</summary>
    public async Task<TlsPolicy> ApplyAsync(string name, TlsPolicySpec spec, string ns = PolicyNamespace)
    {
        var existing = Server.Find(TlsPolicy.GroupVersion, TlsPolicy.EntityKind, ns, name);
        var policy = new TlsPolicy
        {
            ApiVersion = TlsPolicy.GroupVersion,
            Kind = TlsPolicy.EntityKind,
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = spec,
        };
        if (existing is null)
        {
            return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<TlsPolicy>(policy, TlsPolicy.Group, TlsPolicy.Version, ns, TlsPolicy.Plural);
        }

        var patch = new JsonObject { ["spec"] = JsonNode.Parse(KubernetesJson.Serialize(spec)) };
        return await Client.CustomObjects.PatchNamespacedCustomObjectAsync<TlsPolicy>(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), TlsPolicy.Group, TlsPolicy.Version, ns, TlsPolicy.Plural, name);
    }

    public Task DeleteAsync(string name, string ns = PolicyNamespace) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(TlsPolicy.Group, TlsPolicy.Version, ns, TlsPolicy.Plural, name);

    /// <summary>The stored policy, decoded, or null.</summary>
    public TlsPolicy? Policy(string name, string ns = PolicyNamespace) =>
        Server.Find(TlsPolicy.GroupVersion, TlsPolicy.EntityKind, ns, name) is { } node ? KubernetesJson.Deserialize<TlsPolicy>(node.ToJsonString()) : null;

    /// <summary>The stored relay ConfigMap, or null.</summary>
    public V1ConfigMap? ConfigMap() =>
        Server.Find("v1", "ConfigMap", Namespace, ConfigMapName) is { } node ? KubernetesJson.Deserialize<V1ConfigMap>(node.ToJsonString()) : null;

    /// <summary>The condition <paramref name="type"/> of the stored policy, or null.</summary>
    public V1Condition? Condition(string name, string type, string ns = PolicyNamespace) =>
        Policy(name, ns)?.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Waits until the stored policy's condition has <paramref name="status"/>.</summary>
    public Task WaitForConditionAsync(string name, string type, string status, TimeSpan? within = null, string ns = PolicyNamespace) =>
        Eventually.WaitAsync(() => Condition(name, type, ns)?.Status == status, $"{ns}/{name} has {type}={status}", within ?? TimeSpan.FromSeconds(10));

    /// <summary>Adds a relay pod that is Running and Ready with <paramref name="podIp"/>.</summary>
    public void SeedRelayPod(string name, string podIp, bool ready = true) =>
        Server.Seed(JsonNode.Parse($$"""
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": { "name": "{{name}}", "namespace": "{{Namespace}}", "labels": { "app.kubernetes.io/component": "relay" } },
              "spec": { "containers": [ { "name": "relay", "image": "strictmail-relay" } ] },
              "status": { "phase": "Running", "podIP": "{{podIp}}", "conditions": [ { "type": "Ready", "status": "{{(ready ? "True" : "False")}}" } ] }
            }
            """)!.AsObject());

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        Client.Dispose();
        await Server.DisposeAsync();
    }
}
