using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace StrictMail.TestSupport.Smtp;

/// <summary>MailKit as a sending MTA would use it: connect to an IP, but name the MX host for SNI and certificate checks.</summary>
internal static class MailKitClients
{
    /// <summary>Connects a new SmtpClient to <paramref name="endPoint"/> as if it were <paramref name="hostName"/>.</summary>
    public static async Task<SmtpClient> ConnectAsync(
        IPEndPoint endPoint, string hostName, SecureSocketOptions security, RemoteCertificateValidationCallback? validate = null,
        SmtpClient? client = null)
    {
        client ??= new SmtpClient();
        client.Timeout = 5000;
        client.LocalDomain = "relay.strictmail.test";
        client.CheckCertificateRevocation = false;
        client.ServerCertificateValidationCallback = validate;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(Loopback.Require(endPoint));
            await client.ConnectAsync(socket, hostName, endPoint.Port, security);
            return client;
        }
        catch
        {
            socket.Dispose();
            client.Dispose();
            throw;
        }
    }

    /// <summary>A small plain-text message; the body has a line starting with a dot to exercise dot-stuffing.</summary>
    public static MimeMessage Message(string from, params string[] to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var recipient in to)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = "StrictMail test";
        message.Body = new TextPart("plain") { Text = "Hello.\r\n.A line that starts with a dot\r\nBye.\r\n" };
        return message;
    }
}
