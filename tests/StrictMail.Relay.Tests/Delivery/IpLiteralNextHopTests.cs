using System.Globalization;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>A policy whose nextHop is an IP literal: Verify checks the certificate's iPAddress entries, as RFC 6125 says for an address.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class IpLiteralNextHopTests
{
    [Fact]
    public async Task Deliver_VerifyToIpLiteralWithIpSan_DeliversWithTheAddressVerified()
    {
        var address = Loopback.NextAddress();
        using var certificate = TestPki.Shared.Ca.IssueServer([address.ToString()]);

        var (outcome, mx) = await DeliverAsync(address, certificate);

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(address.ToString(), outcome.Tls!.VerifiedIdentity);
        Assert.Equal(1, mx);
    }

    [Fact]
    public async Task Deliver_VerifyToIpLiteralWithOnlyADnsNameSpellingIt_RefusedAsHostMismatch()
    {
        var address = Loopback.NextAddress();
        using var certificate = TestPki.Shared.Ca.IssueServer([TestPki.PartnerMx]);

        var (outcome, mx) = await DeliverAsync(address, certificate);

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Contains("certificate addresses", outcome.Recipients[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, mx);
    }

    private static async Task<(DeliveryOutcome Outcome, int Transactions)> DeliverAsync(System.Net.IPAddress address, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var dns = new TestDnsServer();
        await using var mx = new FakeMxServer(new FakeMxOptions { Certificate = certificate }, address);
        await using var harness = DeliveryHarness.Create(mx.EndPoint.Port, dns.EndPoint);
        var policy = DeliveryScenario.Policy(TlsLevel.Verify) with { NextHop = string.Create(CultureInfo.InvariantCulture, $"[{address}]:{mx.EndPoint.Port}") };

        var outcome = await harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), policy, CancellationToken.None);
        return (outcome, mx.TransactionCount);
    }
}
