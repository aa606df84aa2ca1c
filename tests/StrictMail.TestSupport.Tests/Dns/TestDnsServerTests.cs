using System.Net;
using System.Security.Cryptography;
using DnsClient;
using DnsClient.Protocol;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;

namespace StrictMail.TestSupport.Tests.Dns;

public sealed class TestDnsServerTests : IDisposable
{
    private readonly TestDnsServer _dns = new();

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task Mx_SeveralRecords_ReturnedWithPreferences()
    {
        _dns.AddMx("partner.test", 20, "mx2.partner.test");
        _dns.AddMx("partner.test", 10, "mx1.partner.test");

        var response = await Client().QueryAsync("partner.test", QueryType.MX);

        Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
        Assert.Equal(
            [(10, "mx1.partner.test."), (20, "mx2.partner.test.")],
            response.Answers.MxRecords().OrderBy(r => r.Preference).Select(r => ((int)r.Preference, r.Exchange.Value)));
    }

    [Fact]
    public async Task Mx_NullMx_ReturnsRootExchange()
    {
        _dns.AddNullMx("nomail.test");

        var response = await Client().QueryAsync("nomail.test", QueryType.MX);

        var mx = Assert.Single(response.Answers.MxRecords());
        Assert.Equal(0, mx.Preference);
        Assert.Equal(".", mx.Exchange.Value);
    }

    [Fact]
    public async Task A_AndAaaa_ReturnedSeparately()
    {
        _dns.AddA("mx.partner.test", IPAddress.Parse("127.0.0.10"));
        _dns.AddA("mx.partner.test", IPAddress.Parse("127.0.0.11"));
        _dns.AddAaaa("mx.partner.test", IPAddress.IPv6Loopback);

        var a = await Client().QueryAsync("MX.Partner.Test", QueryType.A);
        var aaaa = await Client().QueryAsync("mx.partner.test", QueryType.AAAA);

        Assert.Equal(["127.0.0.10", "127.0.0.11"], a.Answers.ARecords().Select(r => r.Address.ToString()).Order());
        Assert.Equal(IPAddress.IPv6Loopback, Assert.Single(aaaa.Answers.AaaaRecords()).Address);
    }

    [Fact]
    public async Task Query_UnknownName_NxDomainWithoutThrowing()
    {
        var response = await Client().QueryAsync("missing.test", QueryType.MX);

        Assert.True(response.HasError);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
    }

    [Fact]
    public async Task Query_NameWithOtherTypesOnly_NoDataNotNxDomain()
    {
        _dns.AddA("partner.test", IPAddress.Parse("127.0.0.10"));

        var mx = await Client().QueryAsync("partner.test", QueryType.MX);
        var parent = await Client().QueryAsync("test", QueryType.MX);

        Assert.Equal(DnsHeaderResponseCode.NoError, mx.Header.ResponseCode);
        Assert.Empty(mx.Answers);
        Assert.Equal(DnsHeaderResponseCode.NoError, parent.Header.ResponseCode);
    }

    [Fact]
    public async Task Query_FailedName_ServFail()
    {
        _dns.AddMx("broken.test", 10, "mx.broken.test");
        _dns.FailName("broken.test");

        var response = await Client().QueryAsync("broken.test", QueryType.MX);

        Assert.Equal(DnsHeaderResponseCode.ServerFailure, response.Header.ResponseCode);
    }

    [Fact]
    public async Task Query_SilencedName_TimesOut()
    {
        _dns.SilenceName("slow.test");

        var client = Client(options => options.Timeout = TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<DnsResponseException>(() => client.QueryAsync("slow.test", QueryType.MX));

        Assert.Equal(DnsResponseCode.ConnectionTimeout, error.Code);
        Assert.Contains(_dns.Queries, q => q.Name == "slow.test");
    }

    [Fact]
    public async Task Txt_AndTlsa_Returned()
    {
        _dns.AddTxt("_mta-sts.partner.test", "v=STSv1; id=20240101");
        _dns.AddTlsa("_25._tcp.mx.partner.test", TestPki.Shared.Good);

        var txt = await Client().QueryAsync("_mta-sts.partner.test", QueryType.TXT);
        var tlsa = await Client().QueryAsync("_25._tcp.mx.partner.test", QueryType.TLSA);

        Assert.Equal(["v=STSv1; id=20240101"], Assert.Single(txt.Answers.TxtRecords()).Text);
        var record = Assert.Single(tlsa.Answers.OfType<TlsaRecord>());
        Assert.Equal(TlsaCertificateUsage.DANEEE, record.CertificateUsage);
        Assert.Equal(TlsaSelector.PublicKey, record.Selector);
        Assert.Equal(TlsaMatchingType.SHA256, record.MatchingType);
        var spki = SHA256.HashData(TestPki.Shared.Good.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(Convert.ToHexString(spki), record.CertificateAssociationDataAsString, ignoreCase: true);
    }

    [Fact]
    public async Task Mx_OverTcp_Answered()
    {
        _dns.AddMx("partner.test", 10, "mx.partner.test");
        var client = Client(options => options.UseTcpOnly = true);

        var response = await client.QueryAsync("partner.test", QueryType.MX);

        Assert.Single(response.Answers.MxRecords());
        Assert.True(Assert.Single(_dns.Queries).OverTcp);
    }

    private LookupClient Client(Action<LookupClientOptions>? configure = null)
    {
        var options = new LookupClientOptions(new NameServer(_dns.EndPoint))
        {
            UseCache = false,
            // Generous: on a busy two-core runner the first answers can take a while (TLS tests load the system store).
            Timeout = TimeSpan.FromSeconds(3),
            Retries = 0,
            ThrowDnsErrors = false,
        };
        configure?.Invoke(options);
        return new LookupClient(options);
    }
}
