// Trust: MX hosts and DNS answers are untrusted peers on the network; the probe only reads what
// they offer (bounded, with a timeout), accepts any certificate just to read it, and sends nothing
// but EHLO, STARTTLS and QUIT.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Probe;

/// <summary>
/// Probes the MX hosts of some domains: for each host, the banner, EHLO, STARTTLS if offered, a TLS
/// handshake with SNI = the MX name, then QUIT. It records the TLS version, the certificate's notAfter and
/// whether it validates against the system roots for the MX name. Failures become each entry's error text; nothing is thrown.
/// </summary>
internal sealed class MxCertificateProbe(ProbeOptions options, TimeProvider clock)
{
    /// <summary>The CRD's limits on status.probe.</summary>
    private const int MaxEntries = 32;
    private const int MaxError = 1024;

    private readonly MxLookup _lookup = new(options);

    /// <summary>Probes the MX hosts of one domain.</summary>
    public Task<ProbeStatus> ProbeAsync(string domain, CancellationToken cancellation) => ProbeAsync([domain], cancellation);

    /// <summary>Probes the MX hosts of <paramref name="domains"/>, each host once; a domain without hosts gets an entry with its error.</summary>
    public async Task<ProbeStatus> ProbeAsync(IReadOnlyList<string> domains, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = new List<MxProbe>();
        var hosts = new List<MxHost>();
        foreach (var domain in domains)
        {
            var found = await _lookup.ResolveAsync(domain, cancellation).ConfigureAwait(false);
            if (found.Error is { } error)
            {
                entries.Add(new MxProbe { Host = domain, Error = Truncate(error) });
            }

            foreach (var host in found.Hosts)
            {
                if (!hosts.Exists(seen => seen.Name == host.Name))
                {
                    hosts.Add(host);
                }
            }
        }

        foreach (var host in hosts.Take(MaxEntries - entries.Count))
        {
            entries.Add(await ProbeHostAsync(host, cancellation).ConfigureAwait(false));
        }

        return new ProbeStatus { Time = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), Mx = entries };
    }

    private async Task<MxProbe> ProbeHostAsync(MxHost host, CancellationToken cancellation)
    {
        var result = new MxProbe { Host = host.Name };
        if (host.Addresses.Count == 0)
        {
            result.Error = Truncate(host.Problem ?? $"{host.Name} has no address");
            return result;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(options.Timeout);
        var step = "connect";
        try
        {
            using var socket = await ConnectAsync(host.Addresses, limit.Token).ConfigureAwait(false);
            await using var network = new NetworkStream(socket, ownsSocket: false);
            var reader = new MxReplyReader(network);
            step = "banner";
            Expect(await reader.ReadAsync(limit.Token).ConfigureAwait(false), 220, "the banner");
            step = "EHLO";
            var ehlo = Expect(await CommandAsync(network, reader, "EHLO " + options.EhloName, limit.Token).ConfigureAwait(false), 250, "EHLO");
            result.Starttls = ehlo.Lines.Skip(1).Any(l => l.Trim().Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));
            if (result.Starttls != true)
            {
                result.Error = "the host does not offer STARTTLS";
                await QuitAsync(network, reader, limit.Token).ConfigureAwait(false);
                return result;
            }

            step = "STARTTLS";
            Expect(await CommandAsync(network, reader, "STARTTLS", limit.Token).ConfigureAwait(false), 220, "STARTTLS");
            if (reader.HasBuffered)
            {
                throw new InvalidDataException("the host sent data after its STARTTLS reply, before the handshake (an injection)");
            }

            step = "the TLS handshake";
            var verified = false;
#pragma warning disable CA5359 // A probe reads any certificate; whether it validates for the MX name is recorded, and nothing is sent over it.
            await using var tls = new SslStream(network, leaveInnerStreamOpen: true, (_, _, _, errors) =>
            {
                verified = errors == SslPolicyErrors.None;
                return true;
            });
#pragma warning restore CA5359
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = host.Name, CertificateRevocationCheckMode = X509RevocationMode.NoCheck },
                limit.Token).ConfigureAwait(false);
            result.TlsVersion = VersionName(tls.SslProtocol);
            result.Verified = verified;
            result.NotAfter = (tls.RemoteCertificate as X509Certificate2)?.NotAfter.ToUniversalTime();
            await QuitAsync(tls, new MxReplyReader(tls), limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            result.Error = $"no answer within {options.Timeout.TotalSeconds:0.###}s during {step}";
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or AuthenticationException)
        {
            result.Error = Truncate($"{step}: {e.Message}");
        }

        return result;
    }

    private async Task<Socket> ConnectAsync(IReadOnlyList<IPAddress> addresses, CancellationToken cancellation)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, options.Port), cancellation).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private static async Task<MxReply> CommandAsync(Stream stream, MxReplyReader reader, string command, CancellationToken cancellation)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellation).ConfigureAwait(false);
        await stream.FlushAsync(cancellation).ConfigureAwait(false);
        return await reader.ReadAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Says goodbye politely; what the host answers no longer matters.</summary>
    private static async Task QuitAsync(Stream stream, MxReplyReader reader, CancellationToken cancellation)
    {
        try
        {
            await CommandAsync(stream, reader, "QUIT", cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or OperationCanceledException)
        {
            // The result is already recorded.
        }
    }

    private static MxReply Expect(MxReply reply, int code, string what) =>
        reply.Code == code ? reply : throw new InvalidDataException($"{what} was answered with {reply.Describe()}");

    private static string VersionName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls12 => "TLS1.2",
        SslProtocols.Tls13 => "TLS1.3",
        _ => protocol.ToString(),
    };

    private static string Truncate(string text) => text.Length > MaxError ? text[..MaxError] : text;
}
