using k8s.Models;

namespace StrictMail.Chart.Tests.Rendering;

public sealed class RenderTests
{
    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Render_EveryDocument_DeserializesStrictlyIntoItsModel(string scenario)
    {
        var chart = Renders.Of(scenario);

        Assert.NotEmpty(chart.Documents);
        foreach (var document in chart.Documents)
        {
            var model = StrictModels.Deserialize(document);
            if (model is not null)
            {
                // The model read every field: the kind and name survive the round trip.
                Assert.Equal(document.Name, ((IMetadata<V1ObjectMeta>)model).Metadata.Name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Render_EveryNamespacedObject_IsInTheReleaseNamespace(string scenario)
    {
        var chart = Renders.Of(scenario);
        var clusterScoped = new[] { "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition" };
        var watched = scenario == "all-on" ? new[] { "mail", "billing" } : [];

        foreach (var document in chart.Documents.Where(d => !clusterScoped.Contains(d.Kind)))
        {
            // Exceptions: RoleBindings that bind the ClusterRole in watched namespaces, and dashboards placed for Grafana.
            var allowed = document.Kind switch
            {
                "RoleBinding" => [HelmTemplate.Namespace, .. watched],
                "ConfigMap" when scenario == "all-on" => ["monitoring"],
                _ => new[] { HelmTemplate.Namespace },
            };
            Assert.True(allowed.Contains(document.Namespace), $"{document} is in namespace '{document.Namespace}'");
        }

        Assert.All(chart.Documents.Where(d => clusterScoped.Contains(d.Kind)), d => Assert.Null(d.Namespace));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Render_ObjectNames_AreUniquePerKindAndNamespace(string scenario)
    {
        var duplicates = Renders.Of(scenario).Documents
            .GroupBy(d => (d.Kind, d.Namespace, d.Name))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key.ToString())
            .ToArray();

        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Render_EveryObject_CarriesTheChartLabels(string scenario)
    {
        foreach (var document in Renders.Of(scenario).Documents.Where(d => d.Kind != "CustomResourceDefinition"))
        {
            var labels = document.Json["metadata"]!["labels"]!.AsObject();
            Assert.Equal("strictmail", (string?)labels["app.kubernetes.io/name"]);
            Assert.Equal(HelmTemplate.ReleaseName, (string?)labels["app.kubernetes.io/instance"]);
            Assert.Equal("Helm", (string?)labels["app.kubernetes.io/managed-by"]);
        }
    }

    [Fact]
    public void Render_DefaultValues_LeavesOptionalPartsOff()
    {
        var kinds = Renders.Default.Documents.Select(d => d.Kind).ToHashSet();

        Assert.DoesNotContain("ServiceMonitor", kinds);
        Assert.DoesNotContain("PrometheusRule", kinds);
        Assert.DoesNotContain("Certificate", kinds);
        Assert.DoesNotContain("ConfigMap", kinds);
        Assert.Contains("NetworkPolicy", kinds);
        Assert.Contains("PodDisruptionBudget", kinds);
    }

    [Fact]
    public void Render_AllOn_RendersEveryOptionalPart()
    {
        var kinds = Renders.AllOn.Documents.Select(d => d.Kind).ToHashSet();

        Assert.Superset(new HashSet<string> { "ServiceMonitor", "PrometheusRule", "Certificate", "ConfigMap", "NetworkPolicy", "PodDisruptionBudget", "CustomResourceDefinition" }, kinds);
    }

    [Fact]
    public void Render_UsersWithoutCertificate_FailsWithAClearMessage()
    {
        var result = HelmTemplate.Run([], ["relay.auth.usersSecret=relay-users"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("relay.auth.usersSecret needs relay.tls.secretName", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GracePeriodNotAboveShutdownTimeout_FailsWithAClearMessage()
    {
        var result = HelmTemplate.Run([], ["relay.shutdownTimeoutSeconds=120", "relay.terminationGracePeriodSeconds=60"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("relay.terminationGracePeriodSeconds", result.Error, StringComparison.Ordinal);
    }
}
