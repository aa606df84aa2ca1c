using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using StrictMail.TestSupport.Processes;

namespace StrictMail.TestSupport.Postfix;

/// <summary>
/// A real Postfix instance of its own (config, queue, log in one temp directory) acting as a receiving MX on a
/// loopback address: it accepts mail for the given domains, discards it, and logs how each message arrived.
/// Needs root and the postfix package (`make deps`); several instances can run at once.
/// </summary>
internal sealed class PostfixMx : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly PostfixPaths _paths;
    private long _logStart;
    private bool _disposed;

    private PostfixMx(PostfixMxOptions options, PostfixPaths paths, int port)
    {
        Options = options;
        _paths = paths;
        EndPoint = new IPEndPoint(options.Address, port);
    }

    public PostfixMxOptions Options { get; }

    /// <summary>Where smtpd listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The instance's temp directory: etc/ (main.cf, master.cf), queue/, data/, tls/, postfix.log.</summary>
    public string Directory => _paths.Root;

    /// <summary>The instance's maillog.</summary>
    public string LogFile => _paths.Log;

    /// <summary>Starts an instance; returns once smtpd answers EHLO and, when a certificate was given, completes a STARTTLS handshake presenting it.</summary>
    public static async Task<PostfixMx> StartAsync(PostfixMxOptions options)
    {
        options.Validate();
        PostfixCommand.Locate("postfix");
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("The Postfix test MX must run as root: postfix start needs it to drop privileges to the postfix user.");
        }

        var paths = new PostfixPaths(System.IO.Directory.CreateTempSubdirectory("strictmail-postfix-").FullName);
        try
        {
            await PostfixLayout.CreateAsync(options, paths);
            var mx = await LaunchAsync(options, paths);
            await mx.WaitUntilServingAsync();
            return mx;
        }
        catch
        {
            await PostfixLayout.TearDownAsync(paths);
            throw;
        }
    }

    /// <summary>Starts an MX on a fresh loopback address for <paramref name="domains"/> that presents <paramref name="certificate"/> (with its private key) in STARTTLS.</summary>
    /// <param name="certificate">The leaf, with its private key.</param>
    /// <param name="hostName">The MX host name (myhostname).</param>
    /// <param name="domains">The domains it accepts mail for.</param>
    /// <param name="chain">Certificates sent after the leaf (intermediates, or a CA a DANE-TA record names).</param>
    /// <param name="keepsMail">Keep accepted mail for <see cref="ReadMail"/>.</param>
    public static async Task<PostfixMx> StartWithCertificateAsync(X509Certificate2 certificate, string hostName, IReadOnlyList<string> domains, IReadOnlyList<X509Certificate2>? chain = null, bool keepsMail = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var pem = System.IO.Directory.CreateTempSubdirectory("strictmail-postfix-cert-");
        try
        {
            var certificateFile = Path.Combine(pem.FullName, "cert.pem");
            var keyFile = Path.Combine(pem.FullName, "key.pem");
            Pki.PemFiles.WriteCertificate(certificateFile, certificate);
            foreach (var issuer in chain ?? [])
            {
                await File.AppendAllTextAsync(certificateFile, issuer.ExportCertificatePem() + "\n");
            }

            Pki.PemFiles.WritePrivateKey(keyFile, certificate);
            return await StartAsync(new PostfixMxOptions
            {
                Address = Smtp.Loopback.NextAddress(),
                HostName = hostName,
                Domains = domains,
                CertificateFile = certificateFile,
                KeyFile = keyFile,
                KeepsMail = keepsMail,
            });
        }
        finally
        {
            // Postfix copied both files into its own directory.
            pem.Delete(recursive: true);
        }
    }

    /// <summary>Parses the log written since the instance became ready (the readiness probe is left out).</summary>
    public PostfixLogSnapshot ReadLog() => PostfixLogParser.Parse(PostfixLogFile.ReadLines(_paths.Log, _logStart));

    /// <summary>Waits until <paramref name="count"/> messages were accepted and finished; throws with the log tail at the deadline.</summary>
    public async Task<IReadOnlyList<PostfixMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null) =>
        (await WaitForLogAsync(log => log.Messages.Count >= count, $"{count} message(s) accepted", timeout)).Messages;

    /// <summary>Waits until the parsed log satisfies <paramref name="condition"/>; throws with the log tail at the deadline.</summary>
    public async Task<PostfixLogSnapshot> WaitForLogAsync(Func<PostfixLogSnapshot, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var log = ReadLog();
            if (condition(log))
            {
                return log;
            }

            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Postfix MX {EndPoint}: not within {deadline}: {what}.\n{TailLog()}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The last lines of the whole log, startup included, headed by the file name: for failure messages.</summary>
    /// <summary>The messages delivered so far, as stored (with Postfix's Delivered-To and Received added), when the MX keeps mail.</summary>
    public IReadOnlyList<byte[]> ReadMail()
    {
        var folder = Path.Combine(_paths.Mail, "inbox", "new");
        return System.IO.Directory.Exists(folder) ? [.. System.IO.Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)] : [];
    }

    public string TailLog(int lines = 40) => PostfixLogFile.Tail(_paths.Log, lines);

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await PostfixLayout.TearDownAsync(_paths);
        }
    }

    // With Port 0 a free port is picked; another process may take it before master binds, so that case is retried.
    private static async Task<PostfixMx> LaunchAsync(PostfixMxOptions options, PostfixPaths paths)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : FreePort.Tcp(options.Address);
            await File.WriteAllTextAsync(Path.Combine(paths.Config, "master.cf"), PostfixConfigFiles.MasterCf(options, port));
            PostfixLayout.Backdate(paths);
            var (exitCode, output) = await PostfixCommand.StartAsync(paths.Config);
            if (exitCode == 0)
            {
                return new PostfixMx(options, paths, port);
            }

            var tail = PostfixLogFile.Tail(paths.Log, 20);
            if (options.Port == 0 && attempt < 3 && tail.Contains("Address already in use", StringComparison.Ordinal))
            {
                continue;
            }

            throw new InvalidOperationException($"postfix start failed for {options.Address}:{port} (exit {exitCode}):\n{output}\n{tail}");
        }
    }

    private async Task WaitUntilServingAsync()
    {
        bool startTls;
        try
        {
            startTls = await ProbeAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            throw new InvalidOperationException($"Postfix MX {EndPoint} started but its smtpd does not work: {e.Message}\n{TailLog()}", e);
        }

        if (startTls != Options.OffersStartTls)
        {
            throw new InvalidOperationException(
                $"Postfix MX {EndPoint} {(startTls ? "offers" : "does not offer")} STARTTLS, but a certificate was " +
                $"{(Options.OffersStartTls ? "" : "not ")}given.\n{TailLog()}");
        }

        // Everything up to the probe's "disconnect from" belongs to startup, not to the test.
        _logStart = await WaitForProbeDisconnectAsync();
    }

    // master has bound the port once "postfix start" returns; the retry only covers a slow first smtpd.
    private async Task<bool> ProbeAsync()
    {
        using var certificate = Options.CertificateFile is null ? null : X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Options.CertificateFile));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await PostfixProbe.StartTlsWorksAsync(EndPoint, certificate, StartTimeout);
            }
            catch (SocketException) when (clock.Elapsed < StartTimeout)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task<long> WaitForProbeDisconnectAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (PostfixLogFile.EndOfLine(_paths.Log, "disconnect from ") is { } end)
            {
                return end;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"Postfix MX {EndPoint} never logged the end of the readiness probe.\n{TailLog()}");
            }

            await Task.Delay(25);
        }
    }
}
