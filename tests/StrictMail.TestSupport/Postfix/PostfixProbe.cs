using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Postfix;

/// <summary>
/// One SMTP conversation that proves smtpd really serves the port, not just that master bound it: banner, EHLO, and
/// when offered STARTTLS with a full handshake. smtpd keeps offering STARTTLS when it cannot load its certificate or
/// key ("disabling TLS support") and only refuses the command, so the offer alone proves nothing.
/// </summary>
internal static class PostfixProbe
{
    /// <summary>
    /// Returns true when STARTTLS is offered and the handshake presents <paramref name="expected"/>; throws when the
    /// server does not speak SMTP, or TLS fails.
    /// </summary>
    public static async Task<bool> StartTlsWorksAsync(IPEndPoint endPoint, X509Certificate2? expected, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(endPoint, cancel.Token);
        await using var stream = client.GetStream();
        using var plain = new ProbeConversation(stream, cancel.Token);
        await plain.ExpectAsync("220");
        var capabilities = await plain.CommandAsync("EHLO probe.strictmail.test", "250");
        if (expected is null || !capabilities.Any(line => line[4..].Equals("STARTTLS", StringComparison.OrdinalIgnoreCase)))
        {
            await plain.CommandAsync("QUIT", "221");
            return false;
        }

        await plain.CommandAsync("STARTTLS", "220");
        await using var tls = new SslStream(stream, leaveInnerStreamOpen: true);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "probe",
                // Not a trust decision: only "is this the certificate the MX was given?"
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(expected.RawData),
            },
            cancel.Token);
        using var secured = new ProbeConversation(tls, cancel.Token);
        await secured.CommandAsync("EHLO probe.strictmail.test", "250");
        await secured.CommandAsync("QUIT", "221");
        return true;
    }
}
