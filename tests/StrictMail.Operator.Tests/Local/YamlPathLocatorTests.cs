using StrictMail.Operator.Local;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Tests.Local;

public sealed class YamlPathLocatorTests
{
    private const string Yaml = """
        apiVersion: strictmail.io/v1alpha1
        kind: TlsPolicy
        metadata:
          name: x
        spec:
          domains:
            - a.example
            - b.example
          onFailure:
            action: Defer
        """;

    [Theory]
    [InlineData("spec.domains[1]", 8)]
    [InlineData("spec.domains[0]", 7)]
    [InlineData("spec.onFailure.action", 10)]
    [InlineData("spec.onFailure.bounceAfter", 9)]
    [InlineData("spec.fingerprints", 5)]
    [InlineData("spec.domains[9]", 6)]
    [InlineData("metadata.name", 4)]
    public void Line_Path_ReturnsLineOfDeepestExistingPart(string path, long line)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Yaml));

        Assert.Equal(line, YamlPathLocator.Line(stream.Documents[0].RootNode, path));
    }
}
