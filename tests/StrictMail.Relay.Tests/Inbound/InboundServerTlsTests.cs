using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound;

[Collection(RelayHostGroup.Name)]
public sealed class InboundServerTlsTests
{
    [Fact]
    public async Task Ehlo_NoCertificateConfigured_OffersNeitherStartTlsNorAuth()
    {
        await using var harness = await InboundHarness.StartAsync();
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;

        await client.SendRawAsync("EHLO app.test\r\n");

        Assert.Equal(
            ["250-mx.partner.test", "250-PIPELINING", "250-SIZE 10485760", "250-8BITMIME", "250 ENHANCEDSTATUSCODES"],
            await client.ReadReplyAsync());
        Assert.Equal("502 5.5.1 Error: command not implemented", await client.CommandAsync("STARTTLS"));
        Assert.Equal("503 5.5.1 Error: authentication not enabled", await client.CommandAsync("AUTH PLAIN AGFAYg=="));
    }

    [Fact]
    public async Task Ehlo_AfterStartTls_OffersAuthNotStartTls()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        var client = await InboundServerRelayTests.TlsSessionAsync(harness, null);
        await using var _ = client;

        await client.SendRawAsync("EHLO app.test\r\n");

        Assert.Equal(
            ["250-mx.partner.test", "250-PIPELINING", "250-SIZE 10485760", "250-8BITMIME", "250-ENHANCEDSTATUSCODES", "250-REQUIRETLS", "250 AUTH PLAIN LOGIN"],
            await client.ReadReplyAsync());
        Assert.Equal("503 5.5.1 Error: TLS already active", await client.CommandAsync("STARTTLS"));
    }

    [Fact]
    public async Task MailFrom_RequireTlsAfterStartTls_AcceptedAndQueuedWithTheFlag()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        var client = await InboundServerRelayTests.TlsSessionAsync(harness, null);
        await using var _ = client;
        await client.CommandAsync("EHLO app.test");

        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<app@internal.test> REQUIRETLS"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<a@partner.test>"));
        Assert.StartsWith("354 ", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await client.CommandAsync("Subject: regulated\r\n\r\nHello.\r\n."), StringComparison.Ordinal);

        Assert.True(Assert.Single(harness.Queue.Committed).Envelope.RequireTls);
    }

    [Fact]
    public async Task MailFrom_RequireTlsWithoutTls_NotOfferedSo555()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;

        await client.SendRawAsync("EHLO app.test\r\n");
        Assert.DoesNotContain(await client.ReadReplyAsync(), line => line.Contains("REQUIRETLS", StringComparison.Ordinal));
        Assert.StartsWith("555 5.5.4 ", await client.CommandAsync("MAIL FROM:<app@internal.test> REQUIRETLS"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTls_PlaintextPipelinedAfterIt_IsDiscarded()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        var (client, _) = await WireClient.ConnectAsync(harness.EndPoint);
        await using var _ = client;
        await client.CommandAsync("EHLO app.test");

        // CVE-2011-0411: a man in the middle appends commands to the client's STARTTLS; they must not run inside TLS.
        await client.SendRawAsync("STARTTLS\r\nMAIL FROM:<evil@attacker.test>\r\nRCPT TO:<victim@partner.test>\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", (await client.ReadReplyAsync())[^1]);
        await client.StartTlsAsync();

        Assert.Equal("250 AUTH PLAIN LOGIN", await client.CommandAsync("EHLO app.test"));
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("RCPT TO:<victim@partner.test>"));
        Assert.Equal(0, harness.Queue.BeginCount);
    }

    [Fact]
    public async Task StartTls_CertificateFilesRenewed_NextHandshakeServesTheNewCertificate()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        using var renewed = TestPki.Shared.Ca.IssueServer([TestPki.PartnerMx]);

        Assert.Equal(TestPki.Shared.Good.Thumbprint, await ServedThumbprintAsync(harness));
        PemFiles.WriteCertificate(harness.CertificateFile, renewed);
        PemFiles.WritePrivateKey(harness.KeyFile, renewed);

        Assert.Equal(renewed.Thumbprint, await ServedThumbprintAsync(harness));
    }

    [Fact]
    public async Task StartTls_RenewedFilesBroken_KeepsServingThePreviousCertificate()
    {
        await using var harness = await InboundHarness.StartAsync(tls: true);
        await File.WriteAllTextAsync(harness.KeyFile, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");

        Assert.Equal(TestPki.Shared.Good.Thumbprint, await ServedThumbprintAsync(harness));
    }

    [Fact]
    public async Task Swaks_StartTlsAuthPlainFromOutsideClientNetworks_Queued()
    {
        Assert.True(File.Exists("/usr/bin/swaks"), "swaks is installed by 'make deps'");
        await using var harness = await InboundHarness.StartAsync(tls: true, new Dictionary<string, string> { ["ClientNetworks:0"] = "127.0.0.1/32" });
        var from = Loopback.NextAddress();

        var (exit, output) = await RunAsync(
            "/usr/bin/swaks",
            "--server", $"{harness.EndPoint.Address}:{harness.EndPoint.Port}", "--local-interface", from.ToString(),
            "--from", "b@internal.test", "--to", "a@partner.test", "--helo", "app.internal.test",
            "--tls", "--tls-verify", "--tls-ca-path", harness.CaFile, "--tls-sni", InboundHarness.HostName, "--pipeline",
            "--auth", "PLAIN", "--auth-user", InboundHarness.User, "--auth-password", InboundHarness.Password,
            "--header", "Subject: swaks", "--body", "sent by swaks");

        Assert.True(exit == 0, output);
        var message = Assert.Single(harness.Queue.Committed);
        Assert.Equal(["a@partner.test"], message.Envelope.Recipients);
        Assert.Equal(from.ToString(), message.Envelope.ClientAddress);
        Assert.Equal(InboundHarness.User, message.Envelope.AuthenticatedUser);
        Assert.Contains("Subject: swaks\r\n", message.Text, StringComparison.Ordinal);
        Assert.Contains("\r\nsent by swaks\r\n", message.Text, StringComparison.Ordinal);
    }

    private static async Task<string> ServedThumbprintAsync(InboundHarness harness)
    {
        var client = await InboundServerRelayTests.TlsSessionAsync(harness, null);
        await using var _ = client;
        using var certificate = X509CertificateLoader.LoadCertificate(client.RemoteCertificate!.GetRawCertData());
        return certificate.Thumbprint;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
