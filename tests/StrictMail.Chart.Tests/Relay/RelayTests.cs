using k8s.Models;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Relay;

public sealed class RelayTests
{
    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void ServiceAccountToken_Relay_IsNeverMounted(string scenario)
    {
        var chart = Renders.Of(scenario);
        var pod = chart.Relay.Spec.Template.Spec;

        Assert.False(pod.AutomountServiceAccountToken);
        var account = chart.Single("ServiceAccount", pod.ServiceAccountName).As<V1ServiceAccount>();
        Assert.False(account.AutomountServiceAccountToken);
        Assert.DoesNotContain(chart.OfKind("RoleBinding").Concat(chart.OfKind("ClusterRoleBinding")), b => b.Json.ToJsonString().Contains(pod.ServiceAccountName + "\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void PolicyVolume_Relay_MountsTheConfigMapTheOperatorWrites(string scenario)
    {
        var chart = Renders.Of(scenario);
        var pod = chart.Relay.Spec.Template.Spec;
        var volume = pod.Volumes.Single(v => v.ConfigMap is not null);
        var mount = pod.Containers.Single().VolumeMounts.Single(m => m.Name == volume.Name);

        Assert.Equal(chart.OperatorArg("--configmap"), volume.ConfigMap.Name);
        Assert.Equal(scenario == "all-on" ? "mail-policy-doc" : "strictmail-policy", volume.ConfigMap.Name);
        Assert.True(mount.ReadOnlyProperty);
        Assert.Equal(mount.MountPath + "/policy.json", chart.RelayEnv("STRICTMAIL_Relay__PolicyFile"));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Spool_Relay_HasAVolumeClaimPerPodAtTheStateDirectory(string scenario)
    {
        var chart = Renders.Of(scenario);
        var claim = chart.Relay.Spec.VolumeClaimTemplates.Single();
        var mount = chart.Relay.Spec.Template.Spec.Containers.Single().VolumeMounts.Single(m => m.Name == claim.Metadata.Name);

        Assert.Equal(chart.RelayEnv("STRICTMAIL_Relay__StateDirectory"), mount.MountPath);
        Assert.Equal(scenario == "all-on" ? "20Gi" : "10Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("Retain", chart.Relay.Spec.PersistentVolumeClaimRetentionPolicy.WhenScaled);
        Assert.Equal("Retain", chart.Relay.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted);
        Assert.DoesNotContain(chart.Relay.Spec.Template.Spec.Volumes, v => v.Name == claim.Metadata.Name);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Probes_Relay_UseTheAdminEndpoints(string scenario)
    {
        var chart = Renders.Of(scenario);
        var container = chart.Relay.Spec.Template.Spec.Containers.Single();
        var admin = container.Ports.Single(p => p.Name == "admin");

        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.All(new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe }, p => Assert.Equal("admin", p.HttpGet.Port.Value));
        Assert.Equal($"http://0.0.0.0:{admin.ContainerPort}", chart.RelayEnv("STRICTMAIL_Relay__AdminUrl"));
        Assert.Equal(admin.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), chart.OperatorArg("--relay-admin-port"));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void SmtpService_Ports25And587_ReachTheUnprivilegedListener(string scenario)
    {
        var chart = Renders.Of(scenario);
        var container = chart.Relay.Spec.Template.Spec.Containers.Single();
        var smtp = container.Ports.Single(p => p.Name == "smtp");
        var service = chart.Single("Service", "strictmail-relay").As<V1Service>();

        Assert.True(smtp.ContainerPort >= 1024);
        Assert.Equal($"0.0.0.0:{smtp.ContainerPort}", chart.RelayEnv("STRICTMAIL_Relay__Inbound__ListenAddress"));
        Assert.Equal([25, 587], service.Spec.Ports.Select(p => p.Port).Order());
        Assert.All(service.Spec.Ports, p => Assert.Equal("smtp", p.TargetPort.Value));
        Assert.Equal(Selector(chart), service.Spec.Selector);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void AdminService_Relay_IsTheHeadlessGoverningService(string scenario)
    {
        var chart = Renders.Of(scenario);
        var service = chart.Single("Service", chart.Relay.Spec.ServiceName).As<V1Service>();

        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.Equal("admin", service.Spec.Ports.Single().TargetPort.Value);
        Assert.Equal(Selector(chart), service.Spec.Selector);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Shutdown_Relay_GetsMoreTimeThanItsShutdownTimeout(string scenario)
    {
        var chart = Renders.Of(scenario);
        var timeout = long.Parse(chart.RelayEnv("DOTNET_shutdownTimeoutSeconds")!, System.Globalization.CultureInfo.InvariantCulture);

        // .NET's default host shutdown timeout (30 s) and Kubernetes' default grace period (30 s) would cut open sessions off.
        Assert.True(timeout > 30, $"shutdown timeout {timeout}s");
        Assert.True(chart.Relay.Spec.Template.Spec.TerminationGracePeriodSeconds > timeout);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Selector_OperatorRelaySelector_MatchesTheRelayPodsOnly(string scenario)
    {
        var chart = Renders.Of(scenario);
        var selector = chart.OperatorArg("--relay-selector").Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

        Assert.Superset(selector.ToHashSet(), chart.Relay.Spec.Template.Metadata.Labels.ToHashSet());
        Assert.False(selector.ToHashSet().IsSubsetOf(chart.Operator.Spec.Template.Metadata.Labels.ToHashSet()));
        Assert.Equal(Selector(chart), chart.Relay.Spec.Selector.MatchLabels);
    }

    [Fact]
    public void Secrets_AllOn_MountCertificateUsersAndTrustAnchorsWhereTheRelayReadsThem()
    {
        var chart = Renders.AllOn;
        var pod = chart.Relay.Spec.Template.Spec;
        var mounts = pod.Containers.Single().VolumeMounts.ToDictionary(m => m.Name);
        string SecretAt(string file) => pod.Volumes.Single(v => v.Name == mounts.Values.Single(m => file.StartsWith(m.MountPath + "/", StringComparison.Ordinal)).Name).Secret.SecretName;

        Assert.Equal("relay-tls", SecretAt(chart.RelayEnv("STRICTMAIL_Relay__Inbound__CertificateFile")!));
        Assert.Equal("relay-tls", SecretAt(chart.RelayEnv("STRICTMAIL_Relay__Inbound__KeyFile")!));
        Assert.Equal("relay-users", SecretAt(chart.RelayEnv("STRICTMAIL_Relay__Inbound__UsersFile")!));
        Assert.EndsWith("/tls.crt", chart.RelayEnv("STRICTMAIL_Relay__Inbound__CertificateFile"), StringComparison.Ordinal);
        var anchors = chart.RelayEnv("STRICTMAIL_Relay__Delivery__TrustAnchorsDirectory");
        Assert.Equal("bank-ca", SecretAt(anchors + "/bank-ca/ca.crt"));
        Assert.Equal("insurer-ca", SecretAt(anchors + "/insurer-ca/ca.crt"));
        Assert.All(mounts.Values.Where(m => m.Name != "spool" && m.Name != "tmp"), m => Assert.True(m.ReadOnlyProperty, m.Name));
    }

    [Fact]
    public void Certificate_AllOn_WritesTheSecretTheRelayMounts()
    {
        var certificate = Renders.AllOn.Single("Certificate").Json;

        Assert.Equal("cert-manager.io/v1", (string?)certificate["apiVersion"]);
        Assert.Equal("relay-tls", (string?)certificate["spec"]!["secretName"]);
        Assert.Equal("internal-ca", (string?)certificate["spec"]!["issuerRef"]!["name"]);
        Assert.Equal(2, certificate["spec"]!["dnsNames"]!.AsArray().Count);
        var allowed = new[] { "secretName", "dnsNames", "issuerRef", "duration", "renewBefore", "privateKey", "usages" };
        Assert.All(certificate["spec"]!.AsObject(), p => Assert.Contains(p.Key, allowed));
    }

    [Fact]
    public void Environment_AllOn_CarriesClientNetworksNamesAndSettings()
    {
        var chart = Renders.AllOn;

        Assert.Equal("10.0.0.0/8", chart.RelayEnv("STRICTMAIL_Relay__Inbound__ClientNetworks__0"));
        Assert.Equal("fd00::/8", chart.RelayEnv("STRICTMAIL_Relay__Inbound__ClientNetworks__1"));
        Assert.Equal("smtp.example.com", chart.RelayEnv("STRICTMAIL_Relay__Inbound__HostName"));
        Assert.Equal("mail-out.example.com", chart.RelayEnv("STRICTMAIL_Relay__Delivery__HeloName"));
        Assert.Equal("26214400", chart.RelayEnv("STRICTMAIL_Relay__Inbound__MaxMessageSize"));
        Assert.Equal("10.0.0.10", chart.RelayEnv("STRICTMAIL_Relay__Delivery__DnsServers__0"));
    }

    [Fact]
    public void Environment_DefaultValues_OffersNoStartTlsAndRelaysForNoNetwork()
    {
        var chart = Renders.Default;

        Assert.Null(chart.RelayEnv("STRICTMAIL_Relay__Inbound__CertificateFile"));
        Assert.Null(chart.RelayEnv("STRICTMAIL_Relay__Inbound__UsersFile"));
        Assert.Null(chart.RelayEnv("STRICTMAIL_Relay__Inbound__ClientNetworks__0"));
        Assert.Equal("$(POD_NAME)", chart.RelayEnv("STRICTMAIL_Relay__Inbound__HostName"));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void DisruptionBudget_Relay_SelectsTheRelayPods(string scenario)
    {
        var chart = Renders.Of(scenario);
        var budget = chart.Single("PodDisruptionBudget", "strictmail-relay").As<V1PodDisruptionBudget>();

        Assert.Equal(Selector(chart), budget.Spec.Selector.MatchLabels);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
        Assert.Null(budget.Spec.MinAvailable);
    }

    private static IDictionary<string, string> Selector(RenderedChart chart) => chart.Relay.Spec.Selector.MatchLabels;
}
