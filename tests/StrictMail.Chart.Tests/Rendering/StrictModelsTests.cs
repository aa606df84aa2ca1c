using k8s.Models;

namespace StrictMail.Chart.Tests.Rendering;

public sealed class StrictModelsTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: probe
        spec:
          replicas: REPLICAS
          selector:
            matchLabels: {app: probe}
          template:
            metadata:
              labels: {app: probe}
            spec:
              containers:
                - name: c
                  image: example/probe:1
                  securityContext:
                    FIELD: true
        """;

    [Fact]
    public void Deserialize_KnownFields_ReadsTheModel()
    {
        var deployment = StrictModels.Deserialize<V1Deployment>(Deployment.Replace("REPLICAS", "2", StringComparison.Ordinal).Replace("FIELD", "readOnlyRootFilesystem", StringComparison.Ordinal));

        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.True(deployment.Spec.Template.Spec.Containers[0].SecurityContext.ReadOnlyRootFilesystem);
    }

    [Fact]
    public void Deserialize_UnknownNestedField_Throws()
    {
        // A typo that Kubernetes would drop silently (and with it the protection) must fail the test.
        var yaml = Deployment.Replace("REPLICAS", "2", StringComparison.Ordinal).Replace("FIELD", "readOnlyRootFilesytem", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<Exception>(() => StrictModels.Deserialize<V1Deployment>(yaml));
        Assert.Contains("readOnlyRootFilesytem", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WrongType_Throws()
    {
        var yaml = Deployment.Replace("REPLICAS", "two", StringComparison.Ordinal).Replace("FIELD", "readOnlyRootFilesystem", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => StrictModels.Deserialize<V1Deployment>(yaml));
    }

    [Fact]
    public void Deserialize_UnmappedKind_ThrowsNamingTheKind()
    {
        var document = RenderedChart.Parse("apiVersion: example.io/v1\nkind: Widget\nmetadata:\n  name: w\n").Documents.Single();

        var error = Assert.Throws<InvalidOperationException>(() => StrictModels.Deserialize(document));
        Assert.Contains("example.io/v1/Widget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_RenderedDocumentWithTypo_ThrowsNamingTheDocument()
    {
        var relay = Renders.Default.Single("StatefulSet");
        var broken = relay with { Yaml = relay.Yaml.Replace("allowPrivilegeEscalation:", "allowPrivilegeEscalaton:", StringComparison.Ordinal) };

        var error = Assert.Throws<InvalidOperationException>(() => StrictModels.Deserialize(broken));
        Assert.Contains("StatefulSet", error.Message, StringComparison.Ordinal);
    }
}
