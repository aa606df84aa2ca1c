using k8s.Models;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Network;

public sealed class NetworkPolicyTests
{
    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void RelayPolicy_Ingress_AdmitsSmtpAndAdminOnly(string scenario)
    {
        var chart = Renders.Of(scenario);
        var policy = RelayPolicy(chart);

        Assert.Equal(["Egress", "Ingress"], policy.Spec.PolicyTypes.Order());
        Assert.Equal(chart.Relay.Spec.Selector.MatchLabels, policy.Spec.PodSelector.MatchLabels);
        Assert.Equal(2, policy.Spec.Ingress.Count);
        Assert.All(policy.Spec.Ingress, r => Assert.Single(r.Ports));
        Assert.Equal(["admin", "smtp"], policy.Spec.Ingress.Select(r => r.Ports.Single().Port.Value).Order());
        Assert.All(policy.Spec.Ingress, r => Assert.NotEmpty(r.FromProperty));
    }

    [Fact]
    public void RelayPolicy_DefaultValues_AdmitsSmtpFromTheReleaseNamespaceOnly()
    {
        var from = SmtpRule(RelayPolicy(Renders.Default)).FromProperty.Single();

        Assert.Null(from.NamespaceSelector);
        Assert.Null(from.IpBlock);
        Assert.Empty(from.PodSelector.MatchLabels ?? new Dictionary<string, string>());
    }

    [Fact]
    public void RelayPolicy_AllOn_AdmitsSmtpFromTheListedNamespacesAndPeers()
    {
        var from = SmtpRule(RelayPolicy(Renders.AllOn)).FromProperty;
        var namespaces = from.Single(p => p.NamespaceSelector is not null).NamespaceSelector.MatchExpressions.Single();

        Assert.Equal(("kubernetes.io/metadata.name", "In"), (namespaces.Key, namespaces.OperatorProperty));
        Assert.Equal(["apps", "billing"], namespaces.Values);
        Assert.Equal("192.0.2.0/24", from.Single(p => p.IpBlock is not null).IpBlock.Cidr);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void RelayPolicy_AdminPort_AdmitsTheOperatorPods(string scenario)
    {
        var chart = Renders.Of(scenario);
        var rule = RelayPolicy(chart).Spec.Ingress.Single(r => r.Ports.Single().Port.Value == "admin");
        var operatorPeer = rule.FromProperty.Single(p => p.PodSelector is not null && p.NamespaceSelector is null);

        // Same namespace, and the selector matches the operator pods: the operator can read /policy.
        Assert.Superset(operatorPeer.PodSelector.MatchLabels.ToHashSet(), chart.Operator.Spec.Template.Metadata.Labels.ToHashSet());
        Assert.False(operatorPeer.PodSelector.MatchLabels.ToHashSet().IsSubsetOf(chart.Relay.Spec.Template.Metadata.Labels.ToHashSet()));
        Assert.Equal(scenario == "all-on" ? 2 : 1, rule.FromProperty.Count);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void RelayPolicy_Egress_ReachesDnsPort25AndHttpsOnly(string scenario)
    {
        var chart = Renders.Of(scenario);
        var egress = RelayPolicy(chart).Spec.Egress;
        var dns = egress[0];
        var smtp = egress[1];

        Assert.Equal([("TCP", "53"), ("UDP", "53")], dns.Ports.Select(p => (p.Protocol, p.Port.Value)).Order());
        Assert.Equal("kube-dns", dns.To.Single().PodSelector.MatchLabels["k8s-app"]);
        Assert.Equal([("TCP", "25"), ("TCP", "443")], smtp.Ports.Select(p => (p.Protocol, p.Port.Value)));
        Assert.Equal(["0.0.0.0/0", "::/0"], smtp.To.Select(p => p.IpBlock.Cidr));
        // Every egress rule names its ports: nothing else leaves the relay.
        Assert.All(egress, r => Assert.NotEmpty(r.Ports));
        // Default: the unbound sidecar's recursive DNS (port 53 anywhere); all-on: two external resolvers and one extra rule.
        Assert.Equal(scenario == "all-on" ? 5 : 3, egress.Count);
    }

    [Fact]
    public void RelayPolicy_AllOn_ExcludesTheInternalRangesPerAddressFamily()
    {
        var smtp = RelayPolicy(Renders.AllOn).Spec.Egress[1];

        Assert.Equal(["10.0.0.0/8", "172.16.0.0/12"], smtp.To.Single(p => p.IpBlock.Cidr == "0.0.0.0/0").IpBlock.Except);
        Assert.Equal(["fd00::/8"], smtp.To.Single(p => p.IpBlock.Cidr == "::/0").IpBlock.Except);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void OperatorPolicy_Ingress_AdmitsOnlyMetricsScrapers(string scenario)
    {
        var chart = Renders.Of(scenario);
        var policy = chart.Single("NetworkPolicy", "strictmail-operator").As<V1NetworkPolicy>();

        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        Assert.Equal(chart.Operator.Spec.Selector.MatchLabels, policy.Spec.PodSelector.MatchLabels);
        if (scenario == "all-on")
        {
            var rule = policy.Spec.Ingress.Single();
            Assert.Equal(["monitoring"], rule.FromProperty.Single().NamespaceSelector.MatchExpressions.Single().Values);
            Assert.Equal("admin", rule.Ports.Single().Port.Value);
        }
        else
        {
            Assert.Empty(policy.Spec.Ingress ?? []);
        }
    }

    [Fact]
    public void Policies_Disabled_AreNotRendered()
    {
        var result = HelmTemplate.Run([], ["networkPolicy.enabled=false"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(RenderedChart.Parse(result.Output).OfKind("NetworkPolicy"));
    }

    private static V1NetworkPolicy RelayPolicy(RenderedChart chart) => chart.Single("NetworkPolicy", "strictmail-relay").As<V1NetworkPolicy>();

    private static V1NetworkPolicyIngressRule SmtpRule(V1NetworkPolicy policy) => policy.Spec.Ingress.Single(r => r.Ports.Single().Port.Value == "smtp");
}
