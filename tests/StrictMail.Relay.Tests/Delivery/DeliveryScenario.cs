using System.Net;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// One partner domain (partner.test, MX mx.partner.test) served by a fake MX on a fresh loopback
/// address, a DNS server that says so, and the real engine: the common setup of delivery tests.
/// </summary>
internal sealed class DeliveryScenario : IAsyncDisposable
{
    private DeliveryScenario(TestDnsServer dns, FakeMxServer mx, DeliveryHarness harness)
    {
        Dns = dns;
        Mx = mx;
        Harness = harness;
    }

    public TestDnsServer Dns { get; }

    public FakeMxServer Mx { get; }

    public DeliveryHarness Harness { get; }

    public static DeliveryScenario Start(FakeMxOptions? mx = null, IReadOnlyDictionary<string, string?>? settings = null, string? stateDirectory = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        var dns = new TestDnsServer();
        var server = new FakeMxServer(mx ?? new FakeMxOptions { Certificate = TestPki.Shared.Good }, Loopback.NextAddress());
        dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        dns.AddA(TestPki.PartnerMx, server.EndPoint.Address);
        return new DeliveryScenario(dns, server, DeliveryHarness.Create(server.EndPoint.Port, dns.EndPoint, settings, stateDirectory, configure));
    }

    /// <summary>A policy for partner.test; Verify and Secure trust the test CA.</summary>
    public static CompiledPolicy Policy(TlsLevel level, string name = "mail/partner") => new()
    {
        Name = name,
        Domains = [TestPki.PartnerDomain],
        Level = level,
        TrustAnchors = level is TlsLevel.Verify or TlsLevel.Secure ? DeliveryHarness.TestCa : null,
    };

    public Task<DeliveryOutcome> DeliverAsync(CompiledPolicy policy, params string[] localParts) =>
        Harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, localParts.Length == 0 ? ["alice"] : localParts), policy, CancellationToken.None);

    /// <summary>Points mx.partner.test at another address (e.g. a man in the middle).</summary>
    public void PointMxAt(IPAddress address)
    {
        Dns.Remove(TestPki.PartnerMx);
        Dns.AddA(TestPki.PartnerMx, address);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Mx.DisposeAsync();
        Dns.Dispose();
    }
}
