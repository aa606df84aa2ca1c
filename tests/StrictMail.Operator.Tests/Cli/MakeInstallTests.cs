using System.Diagnostics;
using StrictMail.TestSupport;

namespace StrictMail.Operator.Tests.Cli;

/// <summary>`make install` puts both commands on PATH: published under PREFIX/lib/strictmail, launchers in PREFIX/bin that run as the README writes them.</summary>
public sealed class MakeInstallTests : IDisposable
{
    private readonly TempDirectory _prefix = new();

    public void Dispose() => _prefix.Dispose();

    [Fact]
    public async Task InstallFiles_IntoAPrefix_BothCommandsRunFromItsBin()
    {
        var install = await RunAsync("make", ["--no-print-directory", "install-files", $"PREFIX={_prefix.Path}"], RepoPaths.Root);
        Assert.True(install.Code == 0, install.Output);

        var help = await RunAsync(Path.Combine(_prefix.Path, "bin", "strictmail-operator"), ["help"], _prefix.Path);
        var hash = await RunAsync(Path.Combine(_prefix.Path, "bin", "strictmail-relay"), ["hash-password"], _prefix.Path, "correct horse battery staple\n");

        Assert.True(help.Code == 0, help.Output);
        Assert.Contains("usage: strictmail-operator <command>", help.Output, StringComparison.Ordinal);
        Assert.True(hash.Code == 0, hash.Output);
        Assert.StartsWith("pbkdf2-sha256$", hash.Output.Trim(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_prefix.Path, "lib", "strictmail", "relay", "strictmail-relay.dll")));
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] arguments, string directory, string? input = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await errors);
    }
}
