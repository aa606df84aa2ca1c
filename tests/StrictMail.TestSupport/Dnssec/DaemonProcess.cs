using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StrictMail.TestSupport.Processes;

namespace StrictMail.TestSupport.Dnssec;

/// <summary>A DNS daemon (nsd or unbound) run in the foreground by a test, killed on dispose, with its output kept for failures.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;

    private DaemonProcess(System.Diagnostics.Process process, ProcessOutput output, IPEndPoint endPoint)
    {
        _process = process;
        Output = output;
        EndPoint = endPoint;
    }

    /// <summary>Where it answers DNS (UDP and TCP).</summary>
    public IPEndPoint EndPoint { get; }

    public ProcessOutput Output { get; }

    /// <summary>Starts <paramref name="daemon"/> (/usr/sbin) with <paramref name="arguments"/>; returns once it answers TCP on <paramref name="endPoint"/>.</summary>
    public static async Task<DaemonProcess> StartAsync(string daemon, string package, IPEndPoint endPoint, params string[] arguments)
    {
        var path = Path.Combine("/usr/sbin", daemon);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{daemon} is not installed: run `make deps` (Debian package {package}).", path);
        }

        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ProcessOutput();
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {daemon}");
        output.Attach(process);
        var daemonProcess = new DaemonProcess(process, output, endPoint);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(endPoint.Address, endPoint.Port);
                return daemonProcess;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch
            {
                await daemonProcess.DisposeAsync();
                throw new InvalidOperationException($"{daemon} did not start on {endPoint}:\n{output.Tail(daemon)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
