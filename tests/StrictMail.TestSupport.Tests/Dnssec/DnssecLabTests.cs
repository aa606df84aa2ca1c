using System.Net;
using DnsClient;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Dnssec;

namespace StrictMail.TestSupport.Tests.Dnssec;

public sealed class DnssecLabTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Zone = new()
    {
        ["signed.test"] = ["mx IN A 127.0.0.9", "_25._tcp.mx IN TLSA 3 1 1 " + new string('a', 64)],
    };

    [Fact]
    public async Task StartAsync_SignedZone_ResolverAuthenticatesTheAnswer()
    {
        await using var lab = await DnssecLab.StartAsync(Zone);

        var response = await Client(lab.Resolver).QueryAsync("_25._tcp.mx.signed.test", QueryType.TLSA);

        Assert.True(response.Header.IsAuthenticData);
        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Assert.Single(response.Answers.TlsaRecords()).CertificateAssociationDataAsString.ToLowerInvariant());
    }

    [Fact]
    public async Task StartAsync_WithoutTrustAnchors_SameAnswerUnauthenticated()
    {
        await using var lab = await DnssecLab.StartAsync(Zone, trustAnchors: false);

        var response = await Client(lab.Resolver).QueryAsync("mx.signed.test", QueryType.A);

        Assert.False(response.Header.IsAuthenticData);
        Assert.Equal(IPAddress.Parse("127.0.0.9"), Assert.Single(response.Answers.ARecords()).Address);
    }

    [Fact]
    public async Task StartAsync_CorruptedRecord_ResolverAnswersServerFailureForItOnly()
    {
        await using var lab = await DnssecLab.StartAsync(Zone, corrupt: ["_25._tcp.mx.signed.test TLSA"]);

        var bogus = await Client(lab.Resolver).QueryAsync("_25._tcp.mx.signed.test", QueryType.TLSA);
        var intact = await Client(lab.Resolver).QueryAsync("mx.signed.test", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.ServerFailure, bogus.Header.ResponseCode);
        Assert.True(intact.Header.IsAuthenticData);
    }

    [Fact]
    public async Task StartAsync_InsecureParent_ForwardedNamesResolveUnauthenticated()
    {
        using var plain = new TestDnsServer();
        plain.AddA("mx.plain.test", IPAddress.Parse("127.0.0.10"));
        await using var lab = await DnssecLab.StartAsync(Zone, insecure: ("test", plain.EndPoint));

        var forwarded = await Client(lab.Resolver).QueryAsync("mx.plain.test", QueryType.A);
        var signed = await Client(lab.Resolver).QueryAsync("mx.signed.test", QueryType.A);

        Assert.Equal(IPAddress.Parse("127.0.0.10"), Assert.Single(forwarded.Answers.ARecords()).Address);
        Assert.False(forwarded.Header.IsAuthenticData);
        Assert.True(signed.Header.IsAuthenticData);
    }

    private static LookupClient Client(IPEndPoint resolver) =>
        new(new LookupClientOptions(resolver) { UseCache = false, RequestDnsSecRecords = true, ThrowDnsErrors = false, Timeout = TimeSpan.FromSeconds(3) });
}
