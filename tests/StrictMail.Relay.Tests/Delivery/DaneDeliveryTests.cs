using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Telemetry;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Dnssec;
using StrictMail.TestSupport.Logging;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// DANE (RFC 7672) end to end: the relay asks a real validating unbound (in front of nsd serving partner.test, signed in
/// the test) and delivers to a real Postfix MX that presents the test CA's certificate for mx.partner.test with the CA
/// in its chain. Each case checks the outcome, the counters with their labels, and what reached Postfix.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class DaneDeliveryTests : IAsyncLifetime, IDisposable
{
    private const string PolicyName = "mail/partner";
    private const string Deliveries = "strictmail.relay.deliveries";
    private const string Downgrades = "strictmail.relay.downgrade.attempts";
    private static readonly TestPki Pki = TestPki.Shared;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private PostfixMx _postfix = null!;

    public DaneDeliveryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RelayTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    public async Task InitializeAsync() =>
        _postfix = await PostfixMx.StartWithCertificateAsync(Pki.Good, TestPki.PartnerMx, [TestPki.PartnerDomain], [Pki.Ca.Certificate]);

    public async Task DisposeAsync() => await _postfix.DisposeAsync();

    [Fact]
    public async Task Deliver_DaneEeOnExpiredCertificateForAnotherName_DeliveredDaneAuthenticated()
    {
        var expired = Pki.Ca.IssueServer(["mx.elsewhere.test"], DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        await using var postfix = await PostfixMx.StartWithCertificateAsync(expired, TestPki.PartnerMx, [TestPki.PartnerDomain]);
        await using var lab = await DnssecLab.StartAsync(Zone(postfix.EndPoint, [Tlsa(postfix.EndPoint.Port, "mx", 3, 1, 1, expired)]));
        await using var harness = Harness(lab, postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.True(outcome.Tls!.DaneAuthenticated);
        Assert.StartsWith("TLSA 3 1 1 ", outcome.Tls.VerifiedIdentity, StringComparison.Ordinal);
        Assert.True(Assert.Single(await postfix.WaitForMessagesAsync(1)).UsedTls);
        Assert.Equal([$"level=Dane,outcome=delivered,policy={PolicyName},tls.protocol={outcome.Tls.Protocol}"], harness.Measured(Deliveries));
        Assert.Empty(harness.Measured(Downgrades));
    }

    [Theory]
    [InlineData(3, 1, 2)]
    [InlineData(3, 0, 1)]
    [InlineData(2, 0, 1)]
    [InlineData(2, 1, 2)]
    public async Task Deliver_MatchingTlsa_DeliveredDaneAuthenticated(int usage, int selector, int matching)
    {
        var certificate = usage == 3 ? Pki.Good : Pki.Ca.Certificate;
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx", usage, selector, matching, certificate)]));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.True(outcome.Tls!.DaneAuthenticated);
        Assert.Single(await _postfix.WaitForMessagesAsync(1));
        Assert.Equal([$"level=Dane,outcome=delivered,policy={PolicyName},tls.protocol={outcome.Tls.Protocol}"], harness.Measured(Deliveries));
    }

    [Fact]
    public async Task Deliver_TlsaForAnotherKey_DeferredTlsaInvalidAndNothingArrives()
    {
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Attacker)]));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Deferred, recipient.Status);
        Assert.Contains("DNSSEC-signed TLSA records for mx.partner.test do not match", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=tlsa-invalid"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Messages);
    }

    [Fact]
    public async Task Deliver_DaneTaButTheCertificateNamesAnotherHost_DeferredTlsaInvalid()
    {
        // mx2.partner.test is the same Postfix, whose certificate names mx.partner.test only.
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx2", 2, 0, 1, Pki.Ca.Certificate)], mxHost: "mx2"));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Contains("include none of mx2.partner.test", Assert.Single(outcome.Recipients).Detail, StringComparison.Ordinal);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=tlsa-invalid"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Messages);
    }

    [Fact]
    public async Task Deliver_StarttlsStrippedFromADaneHost_DeferredAndNothingArrives()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        await using var lab = await DnssecLab.StartAsync(Zone(stripper.EndPoint, [Tlsa(stripper.EndPoint.Port, "mx", 3, 1, 1, Pki.Good)]));
        await using var harness = Harness(lab, stripper.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(1, stripper.OffersStripped);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=starttls-not-supported"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Messages);
    }

    [Fact]
    public async Task Deliver_SignedZoneWithoutTlsa_ThePolicysLevelApplies()
    {
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, []));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.False(outcome.Tls!.DaneAuthenticated);
        Assert.Equal([$"level=Opportunistic,outcome=delivered,policy={PolicyName},tls.protocol={outcome.Tls.Protocol}"], harness.Measured(Deliveries));
    }

    [Fact]
    public async Task Deliver_EveryTlsaUnusable_TlsMandatoryButNotAuthenticated()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.PassThrough, Loopback.NextAddress());
        await using var lab = await DnssecLab.StartAsync(Zone(stripper.EndPoint, [Tlsa(stripper.EndPoint.Port, "mx", 1, 1, 1, Pki.Attacker), Tlsa(stripper.EndPoint.Port, "mx", 0, 0, 1, Pki.Attacker)]));
        await using var harness = Harness(lab, stripper.EndPoint.Port);

        var overTls = await DeliverAsync(harness, Opportunistic());
        stripper.Mode = StartTlsStripMode.StripOffer;
        var stripped = await DeliverAsync(harness, Opportunistic() with { });

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(overTls.Recipients).Status);
        Assert.False(overTls.Tls!.DaneAuthenticated);
        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(stripped.Recipients).Status);
        Assert.Equal([$"level=Opportunistic,outcome=delivered,policy={PolicyName},tls.protocol={overTls.Tls.Protocol}", $"level=Opportunistic,outcome=deferred,policy={PolicyName},tls.protocol=none"], harness.Measured(Deliveries));
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=starttls-not-supported"], harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_BogusTlsaSignature_DeferredDnssecInvalidNeverFallsBack()
    {
        var owner = $"_{_postfix.EndPoint.Port}._tcp.mx.partner.test";
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Good)]), corrupt: [$"{owner} TLSA"]);
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Deferred, recipient.Status);
        Assert.Contains($"the TLSA lookup of {owner} failed", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=dnssec-invalid"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Sessions);
    }

    [Fact]
    public async Task Deliver_BogusTlsaUnderOnFailureBounce_DeferredNotBounced()
    {
        var owner = $"_{_postfix.EndPoint.Port}._tcp.mx.partner.test";
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Good)]), corrupt: [$"{owner} TLSA"]);
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic() with { OnFailureAction = FailureAction.Bounce });

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Contains("could not check DANE", Assert.Single(outcome.Recipients).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_ResolverThatDoesNotValidate_TlsaIgnoredAndThePolicysLevelApplies()
    {
        // Without trust anchors unbound answers everything unauthenticated: the TLSA record (for another key) must not count.
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Attacker)]), trustAnchors: false);
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.False(outcome.Tls!.DaneAuthenticated);
        Assert.Empty(harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_DaneOnlyAndNoTlsa_DeferredDaneRequiredNothingSent()
    {
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, []));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, DeliveryScenario.Policy(TlsLevel.DaneOnly, PolicyName));

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=dane-required"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Sessions);
    }

    [Fact]
    public async Task Deliver_DaneOnlyUnderOnFailureBounceWithoutAValidatingResolver_DeferredNotBounced()
    {
        // A local problem (no trusted resolver) is never the partner's verdict: DaneOnly mail waits, even under Bounce.
        using var dns = new TestDnsServer();
        dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        dns.AddA(TestPki.PartnerMx, _postfix.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(_postfix.EndPoint.Port, dns.EndPoint);

        var outcome = await DeliverAsync(harness, DeliveryScenario.Policy(TlsLevel.DaneOnly, PolicyName) with { OnFailureAction = FailureAction.Bounce });

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Deferred, recipient.Status);
        Assert.Contains("no trusted validating resolver is configured", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=dane-required"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Sessions);
    }

    [Fact]
    public async Task Deliver_CnameMxHost_TlsaOfTheExpandedName()
    {
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, ["mx IN CNAME real.partner.test.", Tlsa(_postfix.EndPoint.Port, "real", 3, 1, 1, Pki.Good)], mxHost: "real"));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.True(outcome.Tls!.DaneAuthenticated);
        Assert.Contains("real.partner.test", outcome.Tls.VerifiedIdentity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_VerifyPolicyAndMismatchingTlsa_DaneStillRefuses()
    {
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Attacker)]));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, DeliveryScenario.Policy(TlsLevel.Verify, PolicyName));

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=tlsa-invalid"], harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_MatchingTlsa_SpanEventAndLogNameTheRecord()
    {
        await using var lab = await DnssecLab.StartAsync(Zone(_postfix.EndPoint, [Tlsa(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Good)]));
        var log = new RecordingLogger<DeliveryEngine>();
        await using var harness = DeliveryHarness.Create(
            _postfix.EndPoint.Port,
            lab.Authoritative,
            new Dictionary<string, string?> { ["Relay:Delivery:DnssecResolvers:0"] = lab.Resolver.ToString() },
            configure: services => services.AddSingleton<ILogger<DeliveryEngine>>(log));
        var record = TlsaData.Line(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Good).Split(' ')[^1][..16];

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        var entry = Assert.Single(log.Entries, e => e.EventId == 2007);
        Assert.Contains($"tlsa: 1 usable DNSSEC-signed TLSA record(s) at _{_postfix.EndPoint.Port}._tcp.mx.partner.test: 3 1 1 {record}", entry.Text, StringComparison.Ordinal);
        var dane = Assert.Single(_spans.Single(a => a.OperationName == RelayTracing.Delivery).Events, e => e.Name == "strictmail.dane");
        Assert.Equal("Usable", dane.Tags.Single(t => t.Key == "strictmail.dane.state").Value);
        Assert.Contains($"3 1 1 {record}", (string)dane.Tags.Single(t => t.Key == "strictmail.dane.detail").Value!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_UnsignedMxRecordToASignedHost_DaneStillApplies()
    {
        // As Postfix 3.10's default (smtp_tls_dane_insecure_mx_policy = dane): the MX RRset of plain.test is not signed,
        // but mx.signed.test's address and TLSA records are, so the host's TLSA records (for another key) decide.
        using var plain = new TestDnsServer();
        plain.AddMx("plain.test", 10, "mx.signed.test");
        await using var lab = await DnssecLab.StartAsync(
            new Dictionary<string, IReadOnlyList<string>> { ["signed.test"] = [$"mx IN A {_postfix.EndPoint.Address}", Tlsa(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Attacker)] },
            insecure: ("test", plain.EndPoint));
        await using var harness = Harness(lab, _postfix.EndPoint.Port);

        var outcome = await harness.Engine.DeliverAsync(TestMessages.To("plain.test", "alice"), Opportunistic(), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=tlsa-invalid"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Messages);
    }

    private static CompiledPolicy Opportunistic() => DeliveryScenario.Policy(TlsLevel.Opportunistic, PolicyName);

    private static Task<DeliveryOutcome> DeliverAsync(DeliveryHarness harness, CompiledPolicy policy) =>
        harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), policy, CancellationToken.None);

    // The lab's resolver is the one trusted resolver; DnsServers points nowhere useful, so every answer comes from unbound.
    private static DeliveryHarness Harness(DnssecLab lab, int port) =>
        DeliveryHarness.Create(port, lab.Authoritative, new Dictionary<string, string?> { ["Relay:Delivery:DnssecResolvers:0"] = lab.Resolver.ToString() });

    // partner.test with MX 10 <mxHost>.partner.test, whose A record is the MX (or the man in the middle) under test.
    private static Dictionary<string, IReadOnlyList<string>> Zone(IPEndPoint mx, IReadOnlyList<string> records, string mxHost = "mx") => new()
    {
        [TestPki.PartnerDomain] = [$"@ IN MX 10 {(mxHost == "real" ? "mx" : mxHost)}.partner.test.", $"{mxHost} IN A {mx.Address}", .. records],
    };

    private static string Tlsa(int port, string host, int usage, int selector, int matching, X509Certificate2 certificate) =>
        TlsaData.Line(port, host, usage, selector, matching, certificate);
}
