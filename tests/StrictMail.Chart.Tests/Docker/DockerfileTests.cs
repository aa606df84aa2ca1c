using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace StrictMail.Chart.Tests.Docker;

/// <summary>No Docker engine runs here, so the Dockerfiles are checked against the repository and the chart they serve.</summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string, string> Images => new()
    {
        { "docker/operator.Dockerfile", "operator/StrictMail.Operator/StrictMail.Operator.csproj" },
        { "docker/relay.Dockerfile", "relay/StrictMail.Relay/StrictMail.Relay.csproj" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_Stages_BuildWithTheSdkAndRunOnASmallRuntime(string dockerfile, string project)
    {
        var from = Lines(dockerfile).Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(2, from.Length);
        Assert.Equal("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", from[0]);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/(aspnet|runtime-deps):10\.0-[a-z]+-chiseled(-extra)? AS runtime$", from[1]);
        Assert.Contains(Lines(dockerfile), l => l == $"RUN dotnet publish {project} -c Release --no-restore -o /app -p:UseAppHost=false");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_Copies_NameFilesThatExist(string dockerfile, string project)
    {
        var sources = Lines(dockerfile)
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToArray();

        Assert.Contains(project, sources);
        Assert.All(sources, s => Assert.True(File.Exists(ChartPaths.Of(s)) || Directory.Exists(ChartPaths.Of(s)), $"{dockerfile} copies {s}, which does not exist"));
        // Every project the image's project references is copied too, or restore fails in the image.
        foreach (var reference in References(project))
        {
            Assert.Contains(sources, s => s.TrimEnd('/') == Path.GetDirectoryName(reference) || s == reference);
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_Entrypoint_RunsTheProjectsAssembly(string dockerfile, string project)
    {
        var assembly = XDocument.Load(ChartPaths.Of(project)).Descendants("AssemblyName").Single().Value;

        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]", Lines(dockerfile).Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_User_IsTheNonRootUidTheChartRunsAs(string dockerfile, string project)
    {
        var user = Lines(dockerfile).Where(l => l.StartsWith("USER ", StringComparison.Ordinal)).ToArray();
        var runAsUser = (long)ChartValues.Defaults["podSecurityContext"]!["runAsUser"]!;

        Assert.Single(user);
        Assert.Equal($"USER {runAsUser}:{runAsUser}", user[0]);
        Assert.NotEqual(0, runAsUser);
        Assert.True(Array.IndexOf(Lines(dockerfile), user[0]) > Array.FindLastIndex(Lines(dockerfile), l => l.StartsWith("FROM ", StringComparison.Ordinal)), project);
    }

    [Fact]
    public void Dockerfile_RelayExpose_MatchesTheChartPorts()
    {
        var relay = ChartValues.Defaults["relay"]!;
        var exposed = Lines("docker/relay.Dockerfile").Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ')[1..];

        Assert.Equal([((long)relay["smtpPort"]!).ToString(CultureInfo.InvariantCulture), ((long)relay["adminPort"]!).ToString(CultureInfo.InvariantCulture)], exposed);
    }

    [Fact]
    public void Makefile_Images_BuildsBothDockerfiles()
    {
        var makefile = File.ReadAllText(ChartPaths.Of("Makefile"));
        var target = ImagesTarget().Match(makefile);

        Assert.True(target.Success, "Makefile has no images target");
        Assert.Contains("-f docker/operator.Dockerfile", target.Value, StringComparison.Ordinal);
        Assert.Contains("-f docker/relay.Dockerfile", target.Value, StringComparison.Ordinal);
        Assert.Contains("-f docker/unbound.Dockerfile", target.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void UnboundDockerfile_RunsAsTheChartsUserWithTheConfigItCopies()
    {
        var lines = Lines("docker/unbound.Dockerfile");
        var runAsUser = (long)ChartValues.Defaults["podSecurityContext"]!["runAsUser"]!;

        Assert.Contains($"USER {runAsUser}:{runAsUser}", lines);
        Assert.Contains("COPY docker/unbound/strictmail-unbound.conf /etc/unbound/strictmail-unbound.conf", lines);
        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains("-c /etc/unbound/strictmail-unbound.conf", StringComparison.Ordinal));
    }

    [Fact]
    public void UnboundConfig_DebiansUnbound_AcceptsItAndItListensOnLoopbackOnly()
    {
        var text = File.ReadAllText(ChartPaths.Of("docker/unbound/strictmail-unbound.conf"));
        Assert.Contains("interface: 127.0.0.1@5353", text, StringComparison.Ordinal);
        Assert.Contains("module-config: \"validator iterator\"", text, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("strictmail-unbound-conf-");
        try
        {
            // The image seeds the anchor file at start; checkconf wants it to exist.
            File.WriteAllText(Path.Combine(directory.FullName, "root.key"), ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n");
            var config = Path.Combine(directory.FullName, "unbound.conf");
            File.WriteAllText(config, text.Replace("/var/lib/unbound", directory.FullName, StringComparison.Ordinal));
            using var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/sbin/unbound-checkconf", config) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = check.StandardOutput.ReadToEnd() + check.StandardError.ReadToEnd();
            check.WaitForExit();

            Assert.True(check.ExitCode == 0, output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string[] Lines(string dockerfile) =>
        File.ReadAllLines(ChartPaths.Of(dockerfile)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    private static IEnumerable<string> References(string project)
    {
        var directory = Path.GetDirectoryName(project)!;
        foreach (var reference in XDocument.Load(ChartPaths.Of(project)).Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value))
        {
            var full = Path.GetRelativePath(ChartPaths.Root, Path.GetFullPath(Path.Combine(ChartPaths.Root, directory, reference)));
            yield return full;
            foreach (var transitive in References(full))
            {
                yield return transitive;
            }
        }
    }

    [GeneratedRegex(@"^images:.*\n(\t.*\n)+", RegexOptions.Multiline)]
    private static partial Regex ImagesTarget();
}
