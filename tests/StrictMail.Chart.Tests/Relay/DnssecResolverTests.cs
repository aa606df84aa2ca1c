using k8s.Models;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Relay;

/// <summary>relay.dnssec: the validating resolver the relay trusts for DANE (sidecar by default, external, or off).</summary>
public sealed class DnssecResolverTests
{
    [Fact]
    public void Sidecar_Default_UnboundBesideTheRelayOnLoopbackTrustedByIt()
    {
        var chart = Renders.Default;
        var pod = chart.Relay.Spec.Template.Spec;
        var unbound = Assert.Single(pod.InitContainers);

        Assert.Equal("unbound", unbound.Name);
        Assert.Equal("Always", unbound.RestartPolicy);
        Assert.Equal($"strictmail/strictmail-unbound:{ChartValues.AppVersion}", unbound.Image);
        Assert.Equal("127.0.0.1:5353", chart.RelayEnv("STRICTMAIL_Relay__Delivery__DnssecResolvers__0"));
        var anchor = pod.Volumes.Single(v => v.Name == "unbound-anchor");
        Assert.NotNull(anchor.EmptyDir);
        Assert.Equal("/var/lib/unbound", unbound.VolumeMounts.Single(m => m.Name == anchor.Name).MountPath);
        Assert.True(unbound.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(unbound.SecurityContext.AllowPrivilegeEscalation);
        Assert.NotNull(unbound.Resources.Limits["memory"]);
    }

    [Fact]
    public void Sidecar_Default_NetworkPolicyLetsThePodResolveRecursively()
    {
        var policy = Renders.Default.OfKind("NetworkPolicy").Select(d => d.As<V1NetworkPolicy>()).Single(p => p.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"] == "relay");

        Assert.Contains(policy.Spec.Egress, rule => rule.To is null && rule.Ports.Any(p => p.Port.Value == "53" && p.Protocol == "UDP") && rule.Ports.Any(p => p.Port.Value == "53" && p.Protocol == "TCP"));
    }

    [Fact]
    public void External_Resolvers_TrustedInOrderWithoutASidecar()
    {
        var chart = Renders.AllOn;

        Assert.Null(chart.Relay.Spec.Template.Spec.InitContainers);
        Assert.Equal("10.0.0.53", chart.RelayEnv("STRICTMAIL_Relay__Delivery__DnssecResolvers__0"));
        Assert.Equal("10.0.1.53:5353", chart.RelayEnv("STRICTMAIL_Relay__Delivery__DnssecResolvers__1"));
        Assert.DoesNotContain(chart.Relay.Spec.Template.Spec.Volumes, v => v.Name == "unbound-anchor");
        var policy = chart.OfKind("NetworkPolicy").Select(d => d.As<V1NetworkPolicy>()).Single(p => p.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"] == "relay");
        Assert.DoesNotContain(policy.Spec.Egress, rule => rule.To is null);
        var resolvers = policy.Spec.Egress.Where(r => r.To?.Any(p => p.IpBlock?.Cidr.EndsWith("/32", StringComparison.Ordinal) == true) == true)
            .Select(r => (r.To.Single().IpBlock.Cidr, r.Ports.Select(p => (p.Protocol, p.Port.Value)).Order().ToArray()))
            .ToArray();
        Assert.Equal([("10.0.0.53/32", new[] { ("TCP", "53"), ("UDP", "53") }), ("10.0.1.53/32", new[] { ("TCP", "5353"), ("UDP", "5353") })], resolvers);
    }

    [Fact]
    public void External_NoResolvers_RefusedWithTheReason()
    {
        var result = HelmTemplate.Run([], ["relay.dnssec.mode=external"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("relay.dnssec.mode external needs relay.dnssec.externalResolvers", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_NoResolverTrusted_AndNotesSayDaneIsOff()
    {
        var chart = Render("relay.dnssec.mode=off");

        Assert.Null(chart.Relay.Spec.Template.Spec.InitContainers);
        Assert.Null(chart.RelayEnv("STRICTMAIL_Relay__Delivery__DnssecResolvers__0"));
    }

    private static RenderedChart Render(params string[] sets)
    {
        var result = HelmTemplate.Run([], sets);
        return result.ExitCode == 0 ? RenderedChart.Parse(result.Output) : throw new InvalidOperationException(result.Error);
    }
}
