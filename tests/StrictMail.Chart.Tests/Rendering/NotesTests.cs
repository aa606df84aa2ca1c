using k8s.Models;

namespace StrictMail.Chart.Tests.Rendering;

/// <summary>helm-template skips NOTES.txt like `helm template` does; these tests render it through a wrapper template in a copy of the chart.</summary>
public sealed class NotesTests : IDisposable
{
    private readonly string _chart = Path.Combine(Path.GetTempPath(), $"strictmail-chart-{Guid.NewGuid():N}");

    public NotesTests()
    {
        foreach (var file in Directory.GetFiles(ChartPaths.Chart, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_chart, Path.GetRelativePath(ChartPaths.Chart, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(_chart, "templates", "zz-notes.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: notes
            data:
              notes: {{ include "strictmail/templates/NOTES.txt" . | toJson }}
            """);
    }

    [Fact]
    public void Notes_DefaultValues_WarnThatNobodyCanSendYet()
    {
        var notes = Notes([]);

        Assert.Contains("strictmail-relay.mail.svc:25", notes, StringComparison.Ordinal);
        Assert.Contains("WARNING: relay.clientNetworks is empty", notes, StringComparison.Ordinal);
        Assert.Contains("No relay.tls.secretName", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_AllOn_DropTheWarningsAndNameTheClientNamespaces()
    {
        var notes = Notes([ChartPaths.TestData("all-on.yaml")]);

        Assert.DoesNotContain("WARNING", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("No relay.tls.secretName", notes, StringComparison.Ordinal);
        Assert.Contains("mail and apps, billing", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_TlsReporting_SayOffByDefaultAndOnWithTheKeyToPublish()
    {
        Assert.Contains("TLS reports (RFC 8460): off. Set tlsReporting.dkim.secretName", Notes([]), StringComparison.Ordinal);
        Assert.Contains("Publish the public key at tlsrpt2026._domainkey.example.com", Notes([ChartPaths.TestData("all-on.yaml")]), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_chart, recursive: true);

    private string Notes(string[] valuesFiles)
    {
        var result = HelmTemplate.Run(valuesFiles, chart: _chart);
        Assert.True(result.ExitCode == 0, result.Error);
        return RenderedChart.Parse(result.Output).Single("ConfigMap", "notes").As<V1ConfigMap>().Data["notes"];
    }
}
