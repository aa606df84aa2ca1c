using System.Net;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound;

[Collection(RelayHostGroup.Name)]
public sealed class InboundServerRelayTests
{
    private static readonly Dictionary<string, string> OnlyLocalhost = new() { ["ClientNetworks:0"] = "127.0.0.1/32" };

    [Fact]
    public async Task Rcpt_ClientOutsideClientNetworks_Gets554RelayDeniedAndNothingQueued()
    {
        await using var harness = await InboundHarness.StartAsync(settings: OnlyLocalhost);
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint, Loopback.NextAddress());
        await using var _ = client;

        await client.SendRawAsync("EHLO outsider.test\r\nMAIL FROM:<app@internal.test>\r\nRCPT TO:<a@partner.test>\r\nDATA\r\n");

        Assert.Equal(["250 ENHANCEDSTATUSCODES", "250 2.1.0 Ok", "554 5.7.1 Relay access denied", "554 5.5.1 Error: no valid recipients"], await client.ReadRepliesAsync(4));
        Assert.Equal(0, harness.Queue.BeginCount);
    }

    [Fact]
    public async Task Rcpt_ClientInsideClientNetworks_Accepted()
    {
        await using var harness = await InboundHarness.StartAsync(settings: OnlyLocalhost);
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint, IPAddress.Loopback);
        await using var _ = client;

        await client.SendRawAsync("EHLO insider.test\r\nMAIL FROM:<app@internal.test>\r\nRCPT TO:<a@partner.test>\r\n");

        Assert.Equal("250 2.1.5 Ok", (await client.ReadRepliesAsync(3))[2]);
    }

    [Fact]
    public async Task Auth_BeforeStartTls_Gets538()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;

        await client.SendRawAsync("EHLO app.test\r\n");
        var ehlo = await client.ReadReplyAsync();

        Assert.Equal("250 STARTTLS", ehlo[^1]);
        Assert.DoesNotContain(ehlo, line => line.Contains("AUTH", StringComparison.Ordinal));
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism", await client.CommandAsync("AUTH PLAIN " + Plain(InboundHarness.User, InboundHarness.Password)));
    }

    [Fact]
    public async Task Send_AuthenticatedAfterStartTlsFromOutsideClientNetworks_Queued()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, OnlyLocalhost);
        using var client = await MailKitSender.ConnectAsync(harness.EndPoint, SecureSocketOptions.StartTls, Loopback.NextAddress());

        Assert.Contains("PLAIN", client.AuthenticationMechanisms);
        Assert.Contains("LOGIN", client.AuthenticationMechanisms);
        await client.AuthenticateAsync(InboundHarness.User, InboundHarness.Password);
        await client.SendAsync(MailKitClients.Message("app@internal.test", "a@partner.test"));

        var message = Assert.Single(harness.Queue.Committed);
        Assert.Equal(InboundHarness.User, message.Envelope.AuthenticatedUser);
        Assert.True(message.Envelope.ReceivedOverTls);
        Assert.Contains(" with ESMTPSA id ", TraceHeader.Of(message.Text), StringComparison.Ordinal);
        Assert.Equal(["tls=true x1"], harness.ReceivedMetric());
    }

    [Fact]
    public async Task Auth_WrongPassword_Gets535AndRelayStaysDenied()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, OnlyLocalhost);
        var client = await TlsSessionAsync(harness, Loopback.NextAddress());
        await using var _ = client;

        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync("AUTH PLAIN " + Plain(InboundHarness.User, "wrong")));
        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync("AUTH PLAIN " + Plain("nobody@internal.test", InboundHarness.Password)));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<app@internal.test>"));
        Assert.Equal("554 5.7.1 Relay access denied", await client.CommandAsync("RCPT TO:<a@partner.test>"));
    }

    [Fact]
    public async Task Auth_LoginAndPlainWithChallenges_Succeed()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true, OnlyLocalhost);
        var login = await TlsSessionAsync(harness, Loopback.NextAddress());
        await using var _ = login;
        var plain = await TlsSessionAsync(harness, Loopback.NextAddress());
        await using var __ = plain;

        Assert.Equal("334 VXNlcm5hbWU6", await login.CommandAsync("AUTH LOGIN"));
        Assert.Equal("334 UGFzc3dvcmQ6", await login.CommandAsync(Base64(InboundHarness.User)));
        Assert.Equal("235 2.7.0 Authentication successful", await login.CommandAsync(Base64(InboundHarness.Password)));
        Assert.Equal("503 5.5.1 Error: already authenticated", await login.CommandAsync("AUTH LOGIN"));
        Assert.Equal("334 ", await plain.CommandAsync("AUTH PLAIN"));
        Assert.Equal("235 2.7.0 Authentication successful", await plain.CommandAsync(Plain(InboundHarness.User, InboundHarness.Password)));
        await plain.SendRawAsync("MAIL FROM:<app@internal.test>\r\nRCPT TO:<a@partner.test>\r\n");
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok"], await plain.ReadRepliesAsync(2));
    }

    [Fact]
    public async Task Auth_ClientCancelsOrSendsGarbage_Gets501()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        var client = await TlsSessionAsync(harness, null);
        await using var _ = client;

        Assert.Equal("334 ", await client.CommandAsync("AUTH PLAIN"));
        Assert.Equal("501 5.7.0 Authentication aborted", await client.CommandAsync("*"));
        Assert.Equal("501 5.5.2 Cannot decode response", await client.CommandAsync("AUTH PLAIN not-base64!"));
        Assert.Equal("504 5.5.4 Unrecognized authentication type", await client.CommandAsync("AUTH CRAM-MD5"));
    }

    [Fact]
    public async Task Authenticate_MailKitWrongPassword_ThrowsAuthenticationException()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        using var client = await MailKitSender.ConnectAsync(harness.EndPoint, SecureSocketOptions.StartTls);

        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(InboundHarness.User, "wrong"));
    }

    /// <summary>A client past EHLO, STARTTLS and EHLO again.</summary>
    internal static async Task<WireClient> TlsSessionAsync(InboundHarness harness, IPAddress? from)
    {
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint, from);
        await client.CommandAsync("EHLO app.test");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        await client.StartTlsAsync();
        Assert.Equal("250 AUTH PLAIN LOGIN", await client.CommandAsync("EHLO app.test"));
        return client;
    }

    internal static string Plain(string user, string password) => Base64("\0" + user + "\0" + password);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
