using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Relay.Delivery.Routing;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// Connects an HttpClient to an HTTPS host the way the relay trusts one: the host resolved with the relay's own resolver,
/// its certificate judged by the relay's certificate evaluator as Verify for that host name (WebPKI: the system roots, or
/// the test's). Used for MTA-STS policy hosts and TLS report collectors; no redirects, cookies, proxies or decompression.
/// </summary>
internal sealed class WebPkiConnector(MxResolver resolver, CertificateEvaluator evaluator, X509Certificate2Collection? roots, string role)
{
    /// <summary>Set on a request to hear why its host's certificate was refused (the HttpRequestException does not say).</summary>
    public static readonly HttpRequestOptionsKey<Action<string>> CertificateCheck = new("strictmail.webpki.certificate");

    /// <summary>A handler that connects through this connector.</summary>
    public SocketsHttpHandler Handler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = ConnectAsync,
    };

    /// <summary>The innermost message of an HTTP failure: the one that says what went wrong.</summary>
    public static string Innermost(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error.Message.Trim();
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await resolver.AddressesOfAsync(host, cancellation).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            throw new HttpRequestException($"{host} has no address");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses[0], context.DnsEndPoint.Port, cancellation).ConfigureAwait(false);
            var report = context.InitialRequestMessage.Options.TryGetValue(CertificateCheck, out var set) ? set : null;
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, certificate, chain, _) =>
            {
                var problem = certificate is null ? $"the {role} host sent no certificate" : Check(ServerCertificate.From(certificate, chain), host);
                if (problem is not null)
                {
                    report?.Invoke(problem);
                }

                return problem is null;
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellation).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string? Check(ServerCertificate certificate, string host)
    {
        var verdict = evaluator.Evaluate(certificate, CertificateExpectation.ForHost(host, roots, role: role));
        return verdict.Ok ? null
            : verdict.ResultType == DowngradeResultType.CertificateHostMismatch
                ? $"the {role} host's certificate names {string.Join(", ", certificate.DnsNames)}, not {host}"
                : $"the {role} host's certificate is not trusted ({verdict.Detail})";
    }
}
