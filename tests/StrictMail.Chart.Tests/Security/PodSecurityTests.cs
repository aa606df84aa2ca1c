using k8s.Models;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Security;

public sealed class PodSecurityTests
{
    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void PodTemplates_Render_TwoWorkloads(string scenario)
    {
        Assert.Equal(["strictmail-operator", "strictmail-relay"], Renders.Of(scenario).PodTemplates.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void PodSecurityContext_EveryPod_RunsAsNonRootWithRuntimeDefaultSeccomp(string scenario)
    {
        foreach (var (owner, template) in Renders.Of(scenario).PodTemplates)
        {
            var pod = template.Spec.SecurityContext;
            Assert.True(pod.RunAsNonRoot, owner);
            Assert.NotEqual(0, pod.RunAsUser ?? 0);
            Assert.Equal("RuntimeDefault", pod.SeccompProfile.Type);
            Assert.Null(template.Spec.HostNetwork);
            Assert.Null(template.Spec.HostPID);
            Assert.Null(template.Spec.HostIPC);
        }
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void ContainerSecurityContext_EveryContainer_IsLockedDown(string scenario)
    {
        foreach (var (owner, container) in Containers(scenario))
        {
            var security = container.SecurityContext;
            Assert.NotNull(security);
            Assert.True(security.RunAsNonRoot, owner);
            Assert.True(security.ReadOnlyRootFilesystem, owner);
            Assert.False(security.AllowPrivilegeEscalation, owner);
            Assert.NotEqual(true, security.Privileged);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
            Assert.Null(security.Capabilities.Add);
            Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);
        }
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Resources_EveryContainer_HasRequestsAndLimits(string scenario)
    {
        foreach (var (owner, container) in Containers(scenario))
        {
            foreach (var set in new[] { container.Resources.Requests, container.Resources.Limits })
            {
                Assert.NotNull(set);
                Assert.True(set.ContainsKey("cpu"), $"{owner}/{container.Name} lacks a cpu request or limit");
                Assert.True(set.ContainsKey("memory"), $"{owner}/{container.Name} lacks a memory request or limit");
            }

            Assert.True(container.Resources.Requests["memory"].ToDecimal() <= container.Resources.Limits["memory"].ToDecimal());
        }
    }

    [Fact]
    public void Image_DefaultValues_UsesTheRepositoriesAndTheAppVersion()
    {
        var appVersion = ChartValues.AppVersion;

        Assert.Equal($"strictmail/strictmail-operator:{appVersion}", Renders.Default.Operator.Spec.Template.Spec.Containers.Single().Image);
        Assert.Equal($"strictmail/strictmail-relay:{appVersion}", Renders.Default.Relay.Spec.Template.Spec.Containers.Single().Image);
    }

    [Fact]
    public void Image_AllOn_UsesRepositoryTagAndDigestFromValues()
    {
        Assert.Equal("registry.example/strictmail/operator:1.2.3", Renders.AllOn.Operator.Spec.Template.Spec.Containers.Single().Image);
        Assert.Equal(
            "registry.example/strictmail/relay:1.2.3@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            Renders.AllOn.Relay.Spec.Template.Spec.Containers.Single().Image);
    }

    [Fact]
    public void Image_AllOn_UsesThePullSecrets()
    {
        Assert.All(Renders.AllOn.PodTemplates.Values, t => Assert.Equal("registry-credentials", t.Spec.ImagePullSecrets.Single().Name));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Tmp_EveryContainer_WritesOnlyToMountedVolumes(string scenario)
    {
        // A read-only root needs /tmp somewhere writable: .NET puts its diagnostics sockets there.
        foreach (var (owner, container) in Containers(scenario))
        {
            Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp" && m.ReadOnlyProperty != true);
        }
    }

    private static IEnumerable<(string Owner, V1Container Container)> Containers(string scenario) =>
        Renders.Of(scenario).PodTemplates.SelectMany(p => p.Value.Spec.Containers.Concat(p.Value.Spec.InitContainers ?? []).Select(c => (p.Key, c)));
}
