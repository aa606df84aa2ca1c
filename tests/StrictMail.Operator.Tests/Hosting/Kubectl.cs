using System.Diagnostics;
using StrictMail.FakeKube;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>Runs /usr/bin/kubectl against a fake API server through a kubeconfig written for the test.</summary>
internal sealed class Kubectl : IDisposable
{
    private const string Binary = "/usr/bin/kubectl";
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("strictmail-kubectl-").FullName;

    public Kubectl(FakeKubeServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
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
                namespace: default
            current-context: fake
            """);
    }

    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public string Directory => _directory;

    /// <summary>Runs kubectl with a deadline (default 20 s); returns its exit code and output.</summary>
    public async Task<KubectlResult> RunAsync(string[] arguments, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in (string[])["--kubeconfig", KubeconfigPath, "--cache-dir", Path.Combine(_directory, "cache"), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = _directory;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(20));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in time");
        }

        return new KubectlResult(arguments, process.ExitCode, await output, await error);
    }

    /// <summary>Runs kubectl and fails the test unless it exits 0; returns standard output.</summary>
    public async Task<string> SucceedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        result.AssertSucceeded();
        return result.Out;
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}
