using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StrictMail.Bench.Sink;

namespace StrictMail.Bench.Load;

/// <summary>
/// The benchmark's smtp-source: <c>sessions</c> connections, each reused for message after message (smtp-source -d),
/// MAIL, RCPT and DATA pipelined, 4 KiB messages whose Message-Id is known, and the time each DATA was sent. smtp-source
/// itself cannot be used for latency: its messages carry no id we choose, so its DATA cannot be matched at the sink.
/// </summary>
internal sealed class LoadGenerator(IPEndPoint target, int sessions, int messages, int size, X509Certificate2? trustedRoot)
{
    /// <summary>Sends every message; ids are "<paramref name="run"/>-N@load.test".</summary>
    public async Task<LoadResult> RunAsync(string run, CancellationToken cancellation)
    {
        var sent = new ConcurrentDictionary<string, long>(sessions, messages, StringComparer.Ordinal);
        var next = -1;
        var failed = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(async () =>
        {
            try
            {
                await SessionAsync(run, sent, () => Interlocked.Increment(ref next), cancellation);
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.Message, null);
            }
        }, cancellation)));
        return new LoadResult(sent, started, Stopwatch.GetTimestamp(), failed, firstError);
    }

    private async Task SessionAsync(string run, ConcurrentDictionary<string, long> sent, Func<int> take, CancellationToken cancellation)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(target, cancellation);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        var reader = new LineReader(stream);
        await ExpectAsync(reader, "220", cancellation);
        await SendAsync(stream, "EHLO load.test\r\n", cancellation);
        await ExpectAsync(reader, "250", cancellation);
        if (trustedRoot is not null)
        {
            await SendAsync(stream, "STARTTLS\r\n", cancellation);
            await ExpectAsync(reader, "220", cancellation);
            var ssl = new SslStream(stream, false, (_, certificate, _, _) => certificate is not null && IsIssuedByRoot(certificate));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "sink.test" }, cancellation);
            stream = ssl;
            reader = new LineReader(stream);
            await SendAsync(stream, "EHLO load.test\r\n", cancellation);
            await ExpectAsync(reader, "250", cancellation);
        }

        var envelope = Encoding.ASCII.GetBytes($"MAIL FROM:<{MessageText.Sender}>\r\nRCPT TO:<{MessageText.Recipient}>\r\nDATA\r\n");
        for (var n = take(); n < messages; n = take())
        {
            var id = run + "-" + n.ToString(CultureInfo.InvariantCulture) + "@load.test";
            var body = MessageText.Build(id, size);
            sent[id] = Stopwatch.GetTimestamp();
            await stream.WriteAsync(envelope, cancellation);
            await ExpectAsync(reader, "250", cancellation);
            await ExpectAsync(reader, "250", cancellation);
            await ExpectAsync(reader, "354", cancellation);
            await stream.WriteAsync(body, cancellation);
            await ExpectAsync(reader, "250", cancellation);
        }

        await SendAsync(stream, "QUIT\r\n", cancellation);
        await stream.DisposeAsync();
    }

    private bool IsIssuedByRoot(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedRoot!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private static async Task SendAsync(Stream stream, string text, CancellationToken cancellation) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellation);

    // Reads one reply (all its lines) and throws unless it starts with the expected code.
    private static async Task ExpectAsync(LineReader reader, string code, CancellationToken cancellation)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellation) ?? throw new IOException("the server closed the connection");
            var text = Encoding.ASCII.GetString(line.Span);
            if (!text.StartsWith(code, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"expected {code}, got '{text}'");
            }

            if (text.Length < 4 || text[3] != '-')
            {
                return;
            }
        }
    }
}
