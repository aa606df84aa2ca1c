using k8s.Models;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Operator;

public sealed class OperatorTests
{
    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Deployment_Operator_RunsTwoReplicasWithLeaderElection(string scenario)
    {
        var chart = Renders.Of(scenario);
        var container = chart.Operator.Spec.Template.Spec.Containers.Single();

        Assert.Equal(2, chart.Operator.Spec.Replicas);
        Assert.Equal("run", container.Args[0]);
        Assert.Equal(scenario == "all-on" ? "mail-operator-lease" : "strictmail-operator", chart.OperatorArg("--lease-name"));
        Assert.Equal(scenario == "all-on" ? "30s" : "15s", chart.OperatorArg("--lease-duration"));
        // The Lease holder is the pod; --namespace and --identity fall back to these.
        Assert.Equal("metadata.name", container.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", container.Env.Single(e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Arguments_Operator_AreAllKnownRunOptions(string scenario)
    {
        var known = new[] { "--configmap", "--relay-selector", "--relay-admin-port", "--lease-name", "--lease-duration", "--admin-url", "--workers", "--applied-requeue", "--resync", "--watch-namespaces", "--privileged-namespaces", "--probe-interval", "--probe-port", "--dns-servers", "--tlsrpt-token-file", "--tlsrpt-submitter", "--tlsrpt-configmap" };
        var args = Renders.Of(scenario).Operator.Spec.Template.Spec.Containers.Single().Args.Skip(1);

        Assert.All(args, a => Assert.Contains(a.Split('=')[0], known));
    }

    [Fact]
    public void WatchNamespaces_AllOn_IsPassedToTheOperator()
    {
        Assert.Equal("mail,billing", Renders.AllOn.OperatorArg("--watch-namespaces"));
        Assert.DoesNotContain(Renders.Default.Operator.Spec.Template.Spec.Containers.Single().Args, a => a.StartsWith("--watch-namespaces", StringComparison.Ordinal));
    }

    [Fact]
    public void PrivilegedNamespaces_AllOn_IsPassedToTheOperatorAndDefaultLeavesTheReleaseNamespace()
    {
        Assert.Equal("mail-routing", Renders.AllOn.OperatorArg("--privileged-namespaces"));
        Assert.DoesNotContain(Renders.Default.Operator.Spec.Template.Spec.Containers.Single().Args, a => a.StartsWith("--privileged-namespaces", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Probes_Operator_UseTheAdminEndpoints(string scenario)
    {
        var chart = Renders.Of(scenario);
        var container = chart.Operator.Spec.Template.Spec.Containers.Single();
        var admin = container.Ports.Single(p => p.Name == "admin");

        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal($"http://0.0.0.0:{admin.ContainerPort}", chart.OperatorArg("--admin-url"));
        var service = chart.Single("Service", "strictmail-operator").As<V1Service>();
        Assert.Equal("admin", service.Spec.Ports.Single().TargetPort.Value);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void DisruptionBudget_Operator_KeepsOneRunning(string scenario)
    {
        var chart = Renders.Of(scenario);
        var budget = chart.Single("PodDisruptionBudget", "strictmail-operator").As<V1PodDisruptionBudget>();

        Assert.Equal("1", budget.Spec.MinAvailable.Value);
        Assert.Equal(chart.Operator.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
        Assert.Superset(budget.Spec.Selector.MatchLabels.ToHashSet(), chart.Operator.Spec.Template.Metadata.Labels.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void ServiceAccount_Operator_IsTheOneTheBindingsName(string scenario)
    {
        var chart = Renders.Of(scenario);
        var account = chart.Operator.Spec.Template.Spec.ServiceAccountName;

        Assert.Equal("strictmail-operator", account);
        Assert.Single(chart.OfKind("ServiceAccount"), d => d.Name == account);
    }
}
