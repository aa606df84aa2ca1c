using System.Diagnostics;
using System.Globalization;
using System.Net;
using StrictMail.TestSupport.Processes;

namespace StrictMail.TestSupport.Postfix;

/// <summary>
/// Postfix's smtp-source as background load: several sessions sending fixed-size messages as fast as the server takes
/// them. It stops at the first error (e.g. the relay died), which is expected in crash tests.
/// </summary>
internal sealed class SmtpSourceLoad : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;

    private SmtpSourceLoad(System.Diagnostics.Process process)
    {
        _process = process;
    }

    public ProcessOutput Output { get; } = new();

    public bool HasExited => _process.HasExited;

    /// <summary>Starts `smtp-source -s SESSIONS -m MESSAGES -l SIZE -f FROM -t TO addr:port`.</summary>
    public static SmtpSourceLoad Start(IPEndPoint server, int sessions, int messages, int size, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(server);
        var start = new ProcessStartInfo(PostfixCommand.Locate("smtp-source"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-s", sessions.ToString(CultureInfo.InvariantCulture), "-m", messages.ToString(CultureInfo.InvariantCulture),
            "-l", size.ToString(CultureInfo.InvariantCulture), "-f", from, "-t", to, server.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("Could not start smtp-source.");
        var load = new SmtpSourceLoad(process);
        load.Output.Attach(process);
        return load;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for smtp-source to end, kills it after that; returns its exit code (-1 when killed).</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return -1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        _process.Dispose();
    }
}
