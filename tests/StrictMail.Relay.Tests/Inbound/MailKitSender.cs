using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Inbound;

/// <summary>MailKit as an application would use it against the relay, optionally from a chosen loopback address.</summary>
internal static class MailKitSender
{
    /// <summary>A connected client; STARTTLS when <paramref name="security"/> asks, trusting only the test CA.</summary>
    public static async Task<SmtpClient> ConnectAsync(IPEndPoint server, SecureSocketOptions security, IPAddress? from = null)
    {
        var client = new SmtpClient
        {
            Timeout = 5000,
            LocalDomain = "app.internal.test",
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = new CustomRootValidator(TestPki.Shared.Ca.Certificate).Callback,
        };
        var socket = await WireClient.ConnectSocketAsync(server, from);
        try
        {
            await client.ConnectAsync(socket, InboundHarness.HostName, server.Port, security);
            return client;
        }
        catch
        {
            socket.Dispose();
            client.Dispose();
            throw;
        }
    }
}
