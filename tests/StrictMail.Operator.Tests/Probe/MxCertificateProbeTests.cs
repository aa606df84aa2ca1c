using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using StrictMail.Operator.Probe;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>The probe against real STARTTLS servers and a real DNS server, all on loopback.</summary>
public sealed class MxCertificateProbeTests : IDisposable
{
    private readonly TestDnsServer _dns = new();

    public void Dispose() => _dns.Dispose();

    private MxCertificateProbe Probe(int port, TimeSpan? timeout = null, int maxHosts = 3) => new(
        new ProbeOptions { Port = port, DnsServers = [_dns.EndPoint], Timeout = timeout ?? TimeSpan.FromSeconds(5), MaxHostsPerDomain = maxHosts },
        TimeProvider.System);

    /// <summary>One MX record for <paramref name="domain"/> pointing at <paramref name="mx"/>'s address.</summary>
    private void Route(string domain, string host, FakeMxServer mx, ushort preference = 10)
    {
        _dns.AddMx(domain, preference, host);
        _dns.AddA(host, mx.EndPoint.Address);
    }

    [Fact]
    public async Task ProbeAsync_StartTlsWithCertificateValid30Days_RecordsStarttlsVersionNotAfterAndUnverified()
    {
        using var certificate = TestPki.Shared.Ca.IssueServerExpiringIn("mx.valid.test", TimeSpan.FromDays(30));
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = certificate });
        Route("valid.test", "mx.valid.test", mx);
        var before = DateTime.UtcNow;

        var status = await Probe(mx.EndPoint.Port).ProbeAsync("valid.test", CancellationToken.None);

        var entry = Assert.Single(status.Mx!);
        Assert.Null(entry.Error);
        Assert.Equal("mx.valid.test", entry.Host);
        Assert.True(entry.Starttls);
        Assert.True(entry.TlsVersion is "TLS1.2" or "TLS1.3", entry.TlsVersion);
        Assert.False(entry.Verified); // the test CA is not among the system roots
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), entry.NotAfter);
        Assert.InRange(status.Time!.Value, before.AddSeconds(-1), DateTime.UtcNow);
        Assert.Equal(["EHLO", "STARTTLS", "QUIT"], mx.Commands.Select(c => c.Split(' ')[0]));
    }

    [Fact]
    public async Task ProbeAsync_ServerAllowsOnlyTls12_TlsVersionTls12()
    {
        using var certificate = TestPki.Shared.Ca.IssueServerExpiringIn("mx.old.test", TimeSpan.FromDays(30));
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = certificate, TlsProtocols = SslProtocols.Tls12 });
        Route("old.test", "mx.old.test", mx);

        var status = await Probe(mx.EndPoint.Port).ProbeAsync("old.test", CancellationToken.None);

        Assert.Equal("TLS1.2", Assert.Single(status.Mx!).TlsVersion);
    }

    [Fact]
    public async Task ProbeAsync_ExpiredCertificate_NotAfterInThePastAndNoError()
    {
        using var certificate = TestPki.Shared.Ca.IssueServerExpiringIn("mx.expired.test", TimeSpan.FromDays(-1));
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = certificate });
        Route("expired.test", "mx.expired.test", mx);

        var entry = Assert.Single((await Probe(mx.EndPoint.Port).ProbeAsync("expired.test", CancellationToken.None)).Mx!);

        Assert.Null(entry.Error);
        Assert.False(entry.Verified);
        Assert.InRange(entry.NotAfter!.Value, DateTime.UtcNow.AddDays(-1).AddMinutes(-1), DateTime.UtcNow.AddDays(-1).AddMinutes(1));
    }

    [Fact]
    public async Task ProbeAsync_NoStartTlsOffered_StarttlsFalseWithErrorAndQuit()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { OfferStartTls = false });
        Route("plain.test", "mx.plain.test", mx);

        var entry = Assert.Single((await Probe(mx.EndPoint.Port).ProbeAsync("plain.test", CancellationToken.None)).Mx!);

        Assert.False(entry.Starttls);
        Assert.Equal("the host does not offer STARTTLS", entry.Error);
        Assert.Null(entry.TlsVersion);
        Assert.Null(entry.NotAfter);
        Assert.Equal(["EHLO", "QUIT"], mx.Commands.Select(c => c.Split(' ')[0]));
    }

    [Fact]
    public async Task ProbeAsync_FourMxRecords_AtMostMaxInPreferenceOrder()
    {
        using var certificate = TestPki.Shared.Ca.IssueServerExpiringIn("mx.many.test", TimeSpan.FromDays(30));
        await using var first = new FakeMxServer(new FakeMxOptions { Certificate = certificate });
        await using var second = new FakeMxServer(new FakeMxOptions { Certificate = certificate }, port: first.EndPoint.Port);
        Route("many.test", "mx20.many.test", second, preference: 20);
        Route("many.test", "mx10.many.test", first, preference: 10);
        Route("many.test", "mx30.many.test", second, preference: 30);
        Route("many.test", "mx05.many.test", first, preference: 5);

        var status = await Probe(first.EndPoint.Port, maxHosts: 3).ProbeAsync("many.test", CancellationToken.None);

        Assert.Equal(["mx05.many.test", "mx10.many.test", "mx20.many.test"], status.Mx!.Select(m => m.Host));
        Assert.All(status.Mx!, m => Assert.True(m.Starttls));
    }

    [Fact]
    public async Task ProbeAsync_TwoDomainsSharingAnMx_ProbesItOnce()
    {
        using var certificate = TestPki.Shared.Ca.IssueServerExpiringIn("mx.shared.test", TimeSpan.FromDays(30));
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = certificate });
        Route("one.test", "mx.shared.test", mx);
        _dns.AddMx("two.test", 10, "mx.shared.test");

        var status = await Probe(mx.EndPoint.Port).ProbeAsync(["one.test", "two.test"], CancellationToken.None);

        Assert.Equal("mx.shared.test", Assert.Single(status.Mx!).Host);
        Assert.Single(mx.Commands, c => c.StartsWith("EHLO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_NoMxButAnAddress_ProbesTheDomainItself()
    {
        using var certificate = TestPki.Shared.Ca.IssueServerExpiringIn("implicit.test", TimeSpan.FromDays(30));
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = certificate });
        _dns.AddA("implicit.test", mx.EndPoint.Address);

        var entry = Assert.Single((await Probe(mx.EndPoint.Port).ProbeAsync("implicit.test", CancellationToken.None)).Mx!);

        Assert.Equal("implicit.test", entry.Host);
        Assert.True(entry.Starttls);
    }

    [Fact]
    public async Task ProbeAsync_DomainDoesNotExist_OneEntryWithTheDnsError()
    {
        var entry = Assert.Single((await Probe(25).ProbeAsync("missing.test", CancellationToken.None)).Mx!);

        Assert.Equal("missing.test", entry.Host);
        Assert.Contains("NXDOMAIN", entry.Error, StringComparison.Ordinal);
        Assert.Null(entry.Starttls);
    }

    [Fact]
    public async Task ProbeAsync_NullMx_OneEntrySayingItAcceptsNoMail()
    {
        _dns.AddMx("nomail.test", 0, ".");

        var entry = Assert.Single((await Probe(25).ProbeAsync("nomail.test", CancellationToken.None)).Mx!);

        Assert.Equal("nomail.test accepts no mail (null MX, RFC 7505)", entry.Error);
    }

    [Fact]
    public async Task ProbeAsync_MxWithoutAddress_ErrorNamesTheHost()
    {
        _dns.AddMx("dangling.test", 10, "mx.dangling.test");

        var entry = Assert.Single((await Probe(25).ProbeAsync("dangling.test", CancellationToken.None)).Mx!);

        Assert.Equal("mx.dangling.test", entry.Host);
        Assert.Contains("mx.dangling.test", entry.Error, StringComparison.Ordinal);
        Assert.Null(entry.Starttls);
    }

    [Fact]
    public async Task ProbeAsync_NothingListens_ConnectError()
    {
        var address = Loopback.NextAddress();
        int port;
        using (var listener = new TcpListener(address, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        _dns.AddMx("refused.test", 10, "mx.refused.test");
        _dns.AddA("mx.refused.test", address);

        var entry = Assert.Single((await Probe(port).ProbeAsync("refused.test", CancellationToken.None)).Mx!);

        Assert.StartsWith("connect: ", entry.Error, StringComparison.Ordinal);
        Assert.Null(entry.Starttls);
    }

    [Fact]
    public async Task ProbeAsync_HostNeverAnswers_TimesOutWithErrorNamingTheStep()
    {
        await using var mx = new FakeMxServer(new FakeMxOptions { OfferStartTls = false, Silent = true });
        Route("silent.test", "mx.silent.test", mx);

        var entry = Assert.Single((await Probe(mx.EndPoint.Port, timeout: TimeSpan.FromMilliseconds(500)).ProbeAsync("silent.test", CancellationToken.None)).Mx!);

        Assert.Equal("no answer within 0.5s during banner", entry.Error);
    }
}
