using System.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery.Routing;

/// <summary>
/// The real resolver against a loopback DNS server: MX order, implicit MX, null MX, which DNS
/// failures are final and which temporary, and nextHop routes that skip the MX lookup.
/// </summary>
public sealed class MxResolverTests : IDisposable
{
    private const string Domain = TestPki.PartnerDomain;
    private const string Mx1 = "mx1.partner.test";
    private const string Mx2 = "mx2.partner.test";
    private const int SmtpPort = 2526;
    private static readonly IPAddress First = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Second = IPAddress.Parse("192.0.2.20");

    private readonly TestDnsServer _dns = new();

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task ResolveAsync_TwoMxRecords_TargetsInPreferenceOrderWithAddresses()
    {
        // The worse preference is added first, so the answer lists it first: the resolver must sort.
        _dns.AddMx(Domain, 20, Mx2);
        _dns.AddMx(Domain, 10, Mx1);
        _dns.AddA(Mx2, Second);
        _dns.AddA(Mx1, First);

        var route = await ResolveAsync(Domain);

        Assert.Null(route.Failure);
        Assert.Equal([(Mx1, 10), (Mx2, 20)], route.Targets.Select(t => (t.HostName, t.Preference)));
        Assert.Equal([First, Second], route.Targets.Select(t => Assert.Single(t.Addresses)));
        Assert.Equal([SmtpPort, SmtpPort], route.Targets.Select(t => t.Port));
        Assert.All(route.Targets, t => Assert.Null(t.Problem));
    }

    [Fact]
    public async Task ResolveAsync_DomainWithTrailingDot_NamesWithoutTrailingDots()
    {
        _dns.AddMx(Domain, 10, TestPki.PartnerMx + ".");
        _dns.AddA(TestPki.PartnerMx, First);

        var route = await ResolveAsync(Domain + ".");
        var missing = await ResolveAsync("gone.test.");

        // DNS hands exchange names back absolute ("mx.partner.test."); certificate names never end in a dot.
        Assert.Equal(TestPki.PartnerMx, Assert.Single(route.Targets).HostName);
        Assert.Contains("the domain gone.test does not exist", missing.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_NoMxButAddress_ImplicitMxIsTheDomain()
    {
        _dns.AddA(Domain, First);

        var route = await ResolveAsync(Domain);

        var target = Assert.Single(route.Targets);
        Assert.Equal((Domain, 0, SmtpPort), (target.HostName, target.Preference, target.Port));
        Assert.Equal([First], target.Addresses);
        Assert.Contains(_dns.Queries, q => q.Name == Domain && q.Type == RecordType.Mx);
    }

    [Fact]
    public async Task ResolveAsync_NameWithNeitherMxNorAddress_Final()
    {
        _dns.AddTxt(Domain, "v=spf1 -all");

        var route = await ResolveAsync(Domain);

        Assert.Equal((true, 0), (route.Permanent, route.Targets.Count));
        Assert.Contains("no MX record and no address", route.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_NullMx_FinalWithoutAddressLookups()
    {
        _dns.AddNullMx(Domain);
        _dns.AddA(Domain, First);

        var route = await ResolveAsync(Domain);

        Assert.Equal((true, 0), (route.Permanent, route.Targets.Count));
        Assert.Contains("null MX", route.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain(_dns.Queries, q => q.Type != RecordType.Mx);
    }

    [Fact]
    public async Task ResolveAsync_NxDomain_Final()
    {
        var route = await ResolveAsync("gone.test");

        Assert.Equal((true, 0), (route.Permanent, route.Targets.Count));
        Assert.Contains("NXDOMAIN", route.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ServFail_TemporaryWithoutImplicitMx()
    {
        _dns.AddA(Domain, First);
        _dns.FailName(Domain);

        var route = await ResolveAsync(Domain);

        Assert.Equal((false, 0), (route.Permanent, route.Targets.Count));
        Assert.Contains("will retry", route.Failure, StringComparison.Ordinal);
        // SERVFAIL is not "no MX": falling back to the domain's own address would route mail around the real MX.
        Assert.DoesNotContain(_dns.Queries, q => q.Type != RecordType.Mx);
    }

    [Fact]
    public async Task ResolveAsync_NoAnswer_Temporary()
    {
        _dns.SilenceName(Domain);

        var route = await ResolveAsync(Domain, TimeSpan.FromSeconds(1));

        Assert.Equal((false, 0), (route.Permanent, route.Targets.Count));
        Assert.Contains("no answer in time", route.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_MxHostWithoutAddress_TargetWithProblemAndNextMxKept()
    {
        _dns.AddMx(Domain, 10, Mx1);
        _dns.AddMx(Domain, 20, Mx2);
        _dns.AddA(Mx2, Second);

        var route = await ResolveAsync(Domain);

        Assert.Null(route.Failure);
        Assert.Equal([Mx1, Mx2], route.Targets.Select(t => t.HostName));
        var unaddressed = route.Targets[0];
        Assert.Empty(unaddressed.Addresses);
        Assert.Equal(("the name has no address", false), (unaddressed.Problem, unaddressed.ProblemIsTemporary));
        Assert.Equal([Second], route.Targets[1].Addresses);
    }

    [Fact]
    public async Task ResolveAsync_MxHostAddressServFail_ProblemIsTemporary()
    {
        _dns.AddMx(Domain, 10, Mx1);
        _dns.FailName(Mx1);

        var route = await ResolveAsync(Domain);

        var target = Assert.Single(route.Targets);
        Assert.Empty(target.Addresses);
        Assert.True(target.ProblemIsTemporary);
        Assert.Contains("failed temporarily", target.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_NextHopName_AddressLookupOnlyOnItsPort()
    {
        _dns.AddMx(Domain, 10, Mx1);
        _dns.AddA(Mx1, Second);
        _dns.AddA(TestPki.PartnerMx, First);

        var route = await Resolver().ResolveAsync(Domain, $"[{TestPki.PartnerMx}]:2525", CancellationToken.None);

        var target = Assert.Single(route.Targets);
        Assert.Equal((TestPki.PartnerMx, 2525), (target.HostName, target.Port));
        Assert.Equal([First], target.Addresses);
        Assert.All(_dns.Queries, q => Assert.Equal(TestPki.PartnerMx, q.Name));
        Assert.DoesNotContain(_dns.Queries, q => q.Type == RecordType.Mx);
    }

    [Fact]
    public async Task ResolveAsync_NextHopAddressLiteral_NoDnsQuery()
    {
        _dns.AddMx(Domain, 10, Mx1);
        _dns.AddA(Mx1, Second);
        var resolver = Resolver();
        // Without the next hop the same domain does go to DNS (this also keeps the test DNS server from being
        // stopped before it served anything, which makes ARSoft's DnsServer.Stop throw).
        Assert.Equal(Mx1, Assert.Single((await resolver.ResolveAsync(Domain, nextHop: null, CancellationToken.None)).Targets).HostName);
        var asked = _dns.Queries.Count;

        var route = await resolver.ResolveAsync(Domain, "[127.0.0.9]:26", CancellationToken.None);

        var target = Assert.Single(route.Targets);
        Assert.Equal(("127.0.0.9", 26), (target.HostName, target.Port));
        Assert.Equal([IPAddress.Parse("127.0.0.9")], target.Addresses);
        // The resolver awaits every answer, and the server records a question before answering: none was asked.
        Assert.Equal(asked, _dns.Queries.Count);
    }

    [Fact]
    public async Task TxtAsync_TwoRecords_EachAsOneString()
    {
        _dns.AddTxt("_mta-sts." + Domain, "v=STSv1; id=20261204");
        _dns.AddTxt("_mta-sts." + Domain, "unrelated");

        var records = await Resolver().TxtAsync("_mta-sts." + Domain, CancellationToken.None);

        Assert.Equal(["unrelated", "v=STSv1; id=20261204"], records!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TxtAsync_NoRecordsOrServerFailure_EmptyOrNull()
    {
        _dns.FailName("_mta-sts.broken.test");

        Assert.Empty((await Resolver().TxtAsync("_mta-sts." + Domain, CancellationToken.None))!);
        Assert.Null(await Resolver().TxtAsync("_mta-sts.broken.test", CancellationToken.None));
    }

    private Task<Route> ResolveAsync(string domain, TimeSpan? timeout = null) =>
        Resolver(timeout).ResolveAsync(domain, nextHop: null, CancellationToken.None);

    private MxResolver Resolver(TimeSpan? timeout = null) => new(Options.Create(new DeliveryOptions
    {
        DnsServers = [_dns.EndPoint.ToString()],
        DnsCache = false,
        DnsTimeout = timeout ?? TimeSpan.FromSeconds(3),
        SmtpPort = SmtpPort,
    }));
}
