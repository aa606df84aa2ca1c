using k8s.Models;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Relay;

/// <summary>tlsReporting: off by default; on with a DKIM key Secret, wiring the relays (key, token, settings) and the operator (token, submitter) to one token Secret.</summary>
public sealed class TlsReportingTests
{
    [Fact]
    public void Default_NoDkimKey_NothingOfReportingButTheProgressConfigMapName()
    {
        var chart = Renders.Default;

        Assert.Null(chart.RelayEnv("STRICTMAIL_Relay__Reporting__DkimKeyFile"));
        Assert.Empty(chart.OfKind("Secret"));
        Assert.DoesNotContain(chart.Operator.Spec.Template.Spec.Containers.Single().Args, a => a.StartsWith("--tlsrpt-token-file", StringComparison.Ordinal));
        Assert.Equal("strictmail-tlsrpt", chart.OperatorArg("--tlsrpt-configmap"));
    }

    [Fact]
    public void AllOn_DkimKey_RelaysGetTheKeyTheSettingsAndTheToken()
    {
        var chart = Renders.AllOn;
        var pod = chart.Relay.Spec.Template.Spec;

        Assert.Equal("/etc/strictmail/dkim/private.pem", chart.RelayEnv("STRICTMAIL_Relay__Reporting__DkimKeyFile"));
        Assert.Equal(
            ("example.com", "tlsrpt2026", "Example Corp", "mailto:postmaster@example.com", "tls-reports@example.com", "02:30:00"),
            (chart.RelayEnv("STRICTMAIL_Relay__Reporting__DkimDomain"), chart.RelayEnv("STRICTMAIL_Relay__Reporting__DkimSelector"), chart.RelayEnv("STRICTMAIL_Relay__Reporting__OrganizationName"),
                chart.RelayEnv("STRICTMAIL_Relay__Reporting__ContactInfo"), chart.RelayEnv("STRICTMAIL_Relay__Reporting__From"), chart.RelayEnv("STRICTMAIL_Relay__Reporting__SendWindow")));
        Assert.Equal("/etc/strictmail/tlsrpt-token/token", chart.RelayEnv("STRICTMAIL_Relay__Reporting__AdminTokenFile"));
        Assert.Equal("tlsrpt-dkim", pod.Volumes.Single(v => v.Name == "dkim").Secret.SecretName);
        Assert.Equal("strictmail-tlsrpt-token", pod.Volumes.Single(v => v.Name == "tlsrpt-token").Secret.SecretName);
        Assert.Contains(pod.Containers.Single(c => c.Name == "relay").VolumeMounts, m => m.Name == "dkim" && m.MountPath == "/etc/strictmail/dkim" && m.ReadOnlyProperty == true);
    }

    [Fact]
    public void AllOn_DkimKey_OperatorGetsTheSameTokenAndTheSubmitter()
    {
        var chart = Renders.AllOn;
        var pod = chart.Operator.Spec.Template.Spec;

        Assert.Equal("/etc/strictmail/tlsrpt-token/token", chart.OperatorArg("--tlsrpt-token-file"));
        Assert.Equal("example.com", chart.OperatorArg("--tlsrpt-submitter"));
        Assert.Equal("strictmail-tlsrpt-token", pod.Volumes.Single(v => v.Name == "tlsrpt-token").Secret.SecretName);
        Assert.Contains(pod.Containers.Single().VolumeMounts, m => m.Name == "tlsrpt-token" && m.ReadOnlyProperty == true);
    }

    [Fact]
    public void AllOn_NoTokenSecretGiven_ARandomTokenOf48Characters()
    {
        var secret = Renders.AllOn.Single("Secret", "strictmail-tlsrpt-token").As<V1Secret>();

        Assert.Equal(48, System.Text.Encoding.ASCII.GetString(secret.Data["token"]).Length);
    }

    [Fact]
    public void OwnTokenSecret_Given_ChartCreatesNoneAndMountsIt()
    {
        var result = HelmTemplate.Run([ChartPaths.TestData("all-on.yaml")], ["tlsReporting.adminToken.secretName=my-token"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var chart = RenderedChart.Parse(result.Output);
        Assert.Empty(chart.OfKind("Secret"));
        Assert.Equal("my-token", chart.Relay.Spec.Template.Spec.Volumes.Single(v => v.Name == "tlsrpt-token").Secret.SecretName);
    }

    [Theory]
    [InlineData("tlsReporting.dkim.domain=")]
    [InlineData("tlsReporting.organizationName=")]
    [InlineData("tlsReporting.contactInfo=")]
    public void DkimKeyWithoutARequiredValue_RenderFailsNamingThem(string unset)
    {
        var result = HelmTemplate.Run([ChartPaths.TestData("all-on.yaml")], [unset]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set tlsReporting.dkim.domain, tlsReporting.organizationName and tlsReporting.contactInfo", result.Error, StringComparison.Ordinal);
    }
}
