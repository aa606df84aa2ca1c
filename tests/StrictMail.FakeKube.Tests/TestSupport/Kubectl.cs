using System.Diagnostics;

namespace StrictMail.FakeKube.Tests.TestSupport;

/// <summary>Runs /usr/bin/kubectl against a fake through a kubeconfig written for the test.</summary>
internal sealed class Kubectl : IDisposable
{
    private const string Binary = "/usr/bin/kubectl";
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("fakekube-kubectl-").FullName;

    public Kubectl(FakeKubeServer server)
    {
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
                namespace: {{Clients.Namespace}}
            current-context: fake
            """);
    }

    public static bool Installed => File.Exists(Binary);

    public string KubeconfigPath => Path.Combine(directory, "kubeconfig");

    public string Directory => directory;

    /// <summary>Runs kubectl with a deadline; returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--kubeconfig", KubeconfigPath, "--cache-dir", Path.Combine(directory, "cache"), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = directory;
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in 15 s");
        }

        return (process.ExitCode, await output, await error);
    }

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);
}
