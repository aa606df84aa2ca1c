using System.Diagnostics;

namespace StrictMail.FakeKube;

/// <summary>
/// Runs /usr/bin/kubectl against a fake API server through a kubeconfig written for the test (a second,
/// independent client of the fake); its own HOME and cache directory, deleted on dispose.
/// </summary>
public sealed class Kubectl : IDisposable
{
    /// <summary>Where Debian's kubectl is installed.</summary>
    public const string Binary = "/usr/bin/kubectl";

    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);
    private readonly string? _workingDirectory;

    /// <param name="server">The fake to talk to.</param>
    /// <param name="defaultNamespace">The kubeconfig context's namespace.</param>
    /// <param name="workingDirectory">Where kubectl runs (relative -f paths resolve there).</param>
    public Kubectl(FakeKubeServer server, string defaultNamespace = "default", string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _workingDirectory = workingDirectory;
        Directory = System.IO.Directory.CreateTempSubdirectory("fakekube-kubectl-").FullName;
        File.WriteAllText(KubeconfigPath, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {{server.Url}}
            users:
            - name: fake
              user: {}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
                namespace: {{defaultNamespace}}
            current-context: fake
            """);
    }

    /// <summary>True when kubectl is installed.</summary>
    public static bool Installed => File.Exists(Binary);

    /// <summary>The kubeconfig written for the fake.</summary>
    public string KubeconfigPath => Path.Combine(Directory, "kubeconfig");

    /// <summary>A scratch directory of this instance (for manifests the test writes).</summary>
    public string Directory { get; }

    /// <summary>Runs kubectl with a 20 s deadline.</summary>
    public Task<KubectlRun> RunAsync(params string[] arguments) => RunAsync(DefaultDeadline, arguments);

    /// <summary>Runs kubectl; a run past <paramref name="deadline"/> is killed and throws <see cref="TimeoutException"/>.</summary>
    public async Task<KubectlRun> RunAsync(TimeSpan deadline, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workingDirectory ?? string.Empty,
        };
        foreach (var argument in (string[])["--kubeconfig", KubeconfigPath, "--cache-dir", Path.Combine(Directory, "cache"), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = Directory;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(deadline);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in {deadline}");
        }

        return new KubectlRun(arguments, process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
