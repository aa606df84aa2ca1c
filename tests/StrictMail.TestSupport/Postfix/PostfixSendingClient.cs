using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StrictMail.TestSupport.Processes;

namespace StrictMail.TestSupport.Postfix;

/// <summary>
/// A real Postfix instance as an application's outbound MTA: its smtpd takes mail from loopback clients and its smtp client
/// hands everything to `relayhost = [relay]:port`. Built from <see cref="PostfixMx"/>'s pieces (layout, main.cf with
/// overrides, start and stop), plus the smtp client service an MX does not need. Needs root and the postfix package.
/// </summary>
internal sealed class PostfixSendingClient : IAsyncDisposable
{
    /// <summary>The name it gives in EHLO and in its Received header.</summary>
    public const string HostName = "client.postfix.test";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly PostfixPaths _paths;
    private bool _disposed;

    private PostfixSendingClient(PostfixPaths paths, IPEndPoint endPoint)
    {
        _paths = paths;
        EndPoint = endPoint;
    }

    /// <summary>Where its smtpd listens: inject mail here.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Starts an instance on <paramref name="address"/> that relays all mail to <paramref name="relayHost"/>; returns once smtpd answers EHLO.</summary>
    public static async Task<PostfixSendingClient> StartAsync(IPAddress address, IPEndPoint relayHost)
    {
        ArgumentNullException.ThrowIfNull(relayHost);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("The Postfix sending client must run as root: postfix start needs it to drop privileges to the postfix user.");
        }

        var options = new PostfixMxOptions
        {
            Address = address,
            HostName = HostName,
            Domains = ["client.test"],
            MainSettings = new Dictionary<string, string>
            {
                ["relayhost"] = $"[{relayHost.Address}]:{relayHost.Port}",
                ["default_transport"] = "smtp",
                ["mynetworks"] = "127.0.0.0/8",
                ["smtpd_relay_restrictions"] = "permit_mynetworks, reject_unauth_destination",
                ["smtp_tls_security_level"] = "may",
            },
        };
        var paths = new PostfixPaths(Directory.CreateTempSubdirectory("strictmail-postfix-client-").FullName);
        try
        {
            await PostfixLayout.CreateAsync(options, paths);
            var endPoint = new IPEndPoint(address, FreePort.Tcp(address));
            await File.WriteAllTextAsync(Path.Combine(paths.Config, "master.cf"), PostfixConfigFiles.MasterCf(options, endPoint.Port, PostfixMasterServices.SmtpClient));
            PostfixLayout.Backdate(paths);
            var (exitCode, text) = await PostfixCommand.StartAsync(paths.Config);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"postfix start failed for the sending client (exit {exitCode}):\n{text}\n{PostfixLogFile.Tail(paths.Log, 20)}");
            }

            var client = new PostfixSendingClient(paths, endPoint);
            await client.WaitUntilServingAsync();
            return client;
        }
        catch
        {
            await PostfixLayout.TearDownAsync(paths);
            throw;
        }
    }

    /// <summary>The last lines of its maillog: for failure messages.</summary>
    public string TailLog(int lines = 40) => PostfixLogFile.Tail(_paths.Log, lines);

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await PostfixLayout.TearDownAsync(_paths);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await PostfixProbe.StartTlsWorksAsync(EndPoint, expected: null, StartTimeout);
                return;
            }
            catch (SocketException) when (clock.Elapsed < StartTimeout)
            {
                await Task.Delay(50);
            }
        }
    }
}
