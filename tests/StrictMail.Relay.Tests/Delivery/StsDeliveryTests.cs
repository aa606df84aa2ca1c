using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Policy.Reporting;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.Relay.Reporting;
using StrictMail.Relay.Telemetry;
using StrictMail.Relay.Tests.Delivery.Sts;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Dnssec;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// MTA-STS (RFC 8461) end to end: the policy from a real HTTPS server (Kestrel, certificate from the test CA) found
/// through the test DNS server's TXT and A records, a real Postfix MX for mx.partner.test, the STARTTLS stripper in
/// front of it, and an attacker's Postfix with a valid certificate for its own name behind a poisoned MX answer. Each
/// case checks the outcome, the counters with their labels, and what reached Postfix.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class StsDeliveryTests : IAsyncLifetime, IDisposable
{
    private const string PolicyName = "mail/partner";
    private const string Deliveries = "strictmail.relay.deliveries";
    private const string Downgrades = "strictmail.relay.downgrade.attempts";
    private static readonly TestPki Pki = TestPki.Shared;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private PostfixMx _postfix = null!;
    private StsPolicyServer _sts = null!;

    public StsDeliveryTests()
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

    public async Task InitializeAsync()
    {
        _postfix = await PostfixMx.StartWithCertificateAsync(Pki.Good, TestPki.PartnerMx, [TestPki.PartnerDomain], [Pki.Ca.Certificate]);
        _sts = await StsPolicyServer.StartAsync();
        _sts.Publish("20261204");
        PointMxAt(TestPki.PartnerMx, _postfix.EndPoint.Address);
    }

    public async Task DisposeAsync()
    {
        await _sts.DisposeAsync();
        await _postfix.DisposeAsync();
    }

    [Fact]
    public async Task Deliver_EnforcedPolicy_DeliveredVerifiedUnderLevelMtaSts()
    {
        await using var harness = Harness(_postfix.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(TestPki.PartnerMx, outcome.Tls!.VerifiedIdentity);
        Assert.True(Assert.Single(await _postfix.WaitForMessagesAsync(1)).UsedTls);
        Assert.Equal([$"level=MtaSts,outcome=delivered,policy={PolicyName},tls.protocol={outcome.Tls.Protocol}"], harness.Measured(Deliveries));
        Assert.Empty(harness.Measured(Downgrades));
        var attempt = _spans.Last(s => s.OperationName == RelayTracing.DeliveryAttempt);
        Assert.Equal(("20261204", TestPki.PartnerMx), ((string?)attempt.GetTagItem("strictmail.mta_sts.policy_id"), (string?)attempt.GetTagItem("strictmail.mta_sts.pattern")));
        var reported = Assert.Single(Reported(harness));
        Assert.Equal(("sts", 1L, 0L), (reported.PolicyType, reported.Successes, reported.FailureCount));
        Assert.Equal(["version: STSv1", "mode: enforce", "mx: mx.partner.test", "max_age: 86400"], reported.PolicyStrings);
    }

    [Fact]
    public async Task Deliver_EnforcedPolicyAndStrippedStarttls_DeferredNothingArrives()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        PointMxAt(TestPki.PartnerMx, stripper.EndPoint.Address);
        await using var harness = Harness(stripper.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Deferred, recipient.Status);
        Assert.Contains(DeliveryEngine.StsUnmet, recipient.Detail, StringComparison.Ordinal);
        Assert.Equal(1, stripper.OffersStripped);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=starttls-not-supported"], harness.Measured(Downgrades));
        Assert.Empty(_postfix.ReadLog().Messages);
    }

    [Fact]
    public async Task Deliver_EnforcedPolicyStrippedAndOnFailureBounce_BouncedWithTheStsWording()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        PointMxAt(TestPki.PartnerMx, stripper.EndPoint.Address);
        await using var harness = Harness(stripper.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic() with { OnFailureAction = FailureAction.Bounce });

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal((DeliveryStatus.Bounced, DsnStatus.TlsRequired), (recipient.Status, recipient.EnhancedStatus));
        Assert.StartsWith($"TLS policy {PolicyName} refused delivery: {DeliveryEngine.StsUnmet}: ", recipient.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_EnforcedPolicyAndPoisonedMx_RefusedBeforeConnecting()
    {
        await using var attacker = await PostfixMx.StartWithCertificateAsync(Pki.Attacker, TestPki.AttackerMx, [TestPki.PartnerDomain], [Pki.Ca.Certificate]);
        PoisonMx(attacker.EndPoint.Address);
        await using var harness = Harness(attacker.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        var recipient = Assert.Single(outcome.Recipients);
        Assert.Equal(DeliveryStatus.Deferred, recipient.Status);
        Assert.Contains($"{TestPki.AttackerMx} matches none of the mx patterns (mx.partner.test)", recipient.Detail, StringComparison.Ordinal);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=validation-failure"], harness.Measured(Downgrades));
        Assert.Empty(attacker.ReadLog().Sessions);
        Assert.Equal([new TlsFailureCount("validation-failure", TestPki.AttackerMx, null, 1)], Assert.Single(Reported(harness)).Failures);
    }

    [Fact]
    public async Task Deliver_TestingPolicyAndStrippedStarttls_DeliveredAndCountedAllowed()
    {
        _sts.Serve(StsPolicyServer.Testing);
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        PointMxAt(TestPki.PartnerMx, stripper.EndPoint.Address);
        await using var harness = Harness(stripper.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.False(Assert.Single(await _postfix.WaitForMessagesAsync(1)).UsedTls);
        Assert.Equal([$"action=allowed,policy={PolicyName},result_type=starttls-not-supported"], harness.Measured(Downgrades));
        Assert.Equal([$"level=Opportunistic,outcome=delivered,policy={PolicyName},tls.protocol=none"], harness.Measured(Deliveries));
    }

    [Fact]
    public async Task Deliver_TestingPolicyAndPoisonedMx_DeliveredAndCountedAllowed()
    {
        _sts.Serve(StsPolicyServer.Testing);
        await using var attacker = await PostfixMx.StartWithCertificateAsync(Pki.Attacker, TestPki.AttackerMx, [TestPki.PartnerDomain], [Pki.Ca.Certificate]);
        PoisonMx(attacker.EndPoint.Address);
        await using var harness = Harness(attacker.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Single(await attacker.WaitForMessagesAsync(1));
        Assert.Equal([$"action=allowed,policy={PolicyName},result_type=validation-failure"], harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_TestingPolicyAndAnUntrustedMxCertificate_DeliveredAndCountedAllowed()
    {
        _sts.Serve(StsPolicyServer.Testing);
        await using var selfSigned = await PostfixMx.StartWithCertificateAsync(Pki.SelfSigned, TestPki.PartnerMx, [TestPki.PartnerDomain]);
        PointMxAt(TestPki.PartnerMx, selfSigned.EndPoint.Address);
        await using var harness = Harness(selfSigned.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.True(Assert.Single(await selfSigned.WaitForMessagesAsync(1)).UsedTls);
        Assert.Equal([$"action=allowed,policy={PolicyName},result_type=certificate-not-trusted"], harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_PolicyHostWithAnUntrustedCertificate_NoPolicyCountedOnceAsWebPkiInvalid()
    {
        _sts.Certificate = Pki.SelfSigned;
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        PointMxAt(TestPki.PartnerMx, stripper.EndPoint.Address);
        await using var harness = Harness(stripper.EndPoint.Port);

        var first = await DeliverAsync(harness, Opportunistic());
        var second = await DeliverAsync(harness, Opportunistic());

        Assert.All(first.Recipients.Concat(second.Recipients), r => Assert.Equal(DeliveryStatus.Delivered, r.Status));
        Assert.Equal([$"action=allowed,policy={PolicyName},result_type=sts-webpki-invalid"], harness.Measured(Downgrades));
        Assert.Equal(1, harness.Get<StsDiscovery>().Fetches);

        // The failed fetch under sts (no MX), and the two plaintext sessions under no-policy-found.
        var reported = Reported(harness);
        Assert.Equal([("no-policy-found", "starttls-not-supported", (string?)TestPki.PartnerMx, 2L), ("sts", "sts-webpki-invalid", null, 1L)], reported.SelectMany(e => e.Failures.Select(f => (e.PolicyType, f.ResultType, f.MxHost, f.Count))).Order());
    }

    [Theory]
    [InlineData("redirect", "sts-policy-fetch-error")]
    [InlineData("oversized", "sts-policy-invalid")]
    [InlineData("malformed", "sts-policy-invalid")]
    [InlineData("html", "sts-policy-invalid")]
    public async Task Deliver_BadPolicyAnswer_NoPolicyAndCountedWithItsResultType(string answer, string resultType)
    {
        _sts.Answer = answer switch
        {
            "redirect" => context =>
            {
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = $"https://{TestPki.AttackerMx}/.well-known/mta-sts.txt";
                return Task.CompletedTask;
            },
            "oversized" => context => context.Response.WriteAsync(StsPolicyServer.Good + new string('#', StsPolicyFetcher.MaxBodyBytes)),
            "malformed" => context => context.Response.WriteAsync("version: STSv1\nmode: enforce\nmx: mx.partner.test\n"),
            _ => context =>
            {
                context.Response.ContentType = "text/html";
                return context.Response.WriteAsync(StsPolicyServer.Good);
            },
        };
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        PointMxAt(TestPki.PartnerMx, stripper.EndPoint.Address);
        await using var harness = Harness(stripper.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Equal([$"action=allowed,policy={PolicyName},result_type={resultType}"], harness.Measured(Downgrades));
        Assert.Equal(["Opportunistic"], harness.Measured(Deliveries).Select(Level));
    }

    [Fact]
    public async Task Deliver_IdUnchanged_NoRefetch_IdChanged_Refetched()
    {
        await using var harness = Harness(_postfix.EndPoint.Port);

        await DeliverAsync(harness, Opportunistic());
        await DeliverAsync(harness, Opportunistic());
        Assert.Equal(1, _sts.Requests);

        _sts.Publish("20261205");
        _sts.Serve(StsPolicyServer.Testing);
        await DeliverAsync(harness, Opportunistic());

        Assert.Equal(2, _sts.Requests);
        Assert.Equal(StsMode.Testing, harness.Get<StsCacheFile>().Get(TestPki.PartnerDomain)!.Policy.Mode);
        Assert.Equal(["MtaSts", "MtaSts", "Opportunistic"], harness.Measured(Deliveries).Select(Level));
    }

    [Fact]
    public async Task Deliver_RefetchFailsWithAPolicyCached_TheCachedPolicyStillEnforces()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.PassThrough, Loopback.NextAddress());
        PointMxAt(TestPki.PartnerMx, stripper.EndPoint.Address);
        await using var harness = Harness(stripper.EndPoint.Port);
        await DeliverAsync(harness, Opportunistic());

        _sts.Publish("20261205");
        _sts.Fail(503);
        stripper.Mode = StartTlsStripMode.StripOffer;
        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(
            [$"action=allowed,policy={PolicyName},result_type=sts-policy-fetch-error", $"action=blocked,policy={PolicyName},result_type=starttls-not-supported"],
            harness.Measured(Downgrades));
        Assert.Single(await _postfix.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task Deliver_AfterARestart_TheCachedPolicyEnforcesWithoutAFetch()
    {
        var state = Directory.CreateTempSubdirectory("strictmail-sts-state-");
        try
        {
            await using (var before = Harness(_postfix.EndPoint.Port, state.FullName))
            {
                await DeliverAsync(before, Opportunistic());
            }

            _sts.Fail(500);
            await using var after = Harness(_postfix.EndPoint.Port, state.FullName);
            var outcome = await DeliverAsync(after, Opportunistic());

            Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
            Assert.Equal(1, _sts.Requests);
            Assert.Equal(0, after.Get<StsDiscovery>().Fetches);
            Assert.Equal(["MtaSts"], after.Measured(Deliveries).Select(Level));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Deliver_DaneAndStsBothPublished_DaneDecides()
    {
        // The MTA-STS policy lists another MX only: were it applied, the host would be refused; DANE wins for a host with usable TLSA.
        _sts.Serve("version: STSv1\nmode: enforce\nmx: other.partner.test\nmax_age: 86400\n");
        await using var lab = await DnssecLab.StartAsync(new Dictionary<string, IReadOnlyList<string>>
        {
            [TestPki.PartnerDomain] =
            [
                "@ IN MX 10 mx.partner.test.",
                $"mx IN A {_postfix.EndPoint.Address}",
                TlsaData.Line(_postfix.EndPoint.Port, "mx", 3, 1, 1, Pki.Good),
                "_mta-sts IN TXT \"v=STSv1; id=20261204\"",
                $"mta-sts IN A {_sts.Address}",
            ],
        });
        await using var harness = Harness(_postfix.EndPoint.Port, dns: lab.Authoritative, dnssecResolver: lab.Resolver);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.True(outcome.Tls!.DaneAuthenticated);
        Assert.Equal(1, _sts.Requests);
        Assert.Equal(["Dane"], harness.Measured(Deliveries).Select(Level));
        Assert.Empty(harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_TxtBehindACnameInTwoStrings_PolicyFoundAndEnforced()
    {
        // Real DNS: unbound follows the CNAME into the provider's zone (nsd), whose TXT record is split into two strings.
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        await using var lab = await DnssecLab.StartAsync(new Dictionary<string, IReadOnlyList<string>>
        {
            [TestPki.PartnerDomain] =
            [
                "@ IN MX 10 mx.partner.test.",
                $"mx IN A {stripper.EndPoint.Address}",
                "_mta-sts IN CNAME _mta-sts.provider.test.",
                $"mta-sts IN A {_sts.Address}",
            ],
            ["provider.test"] = ["_mta-sts IN TXT \"v=STSv1; \" \"id=split1\""],
        });
        await using var harness = Harness(stripper.EndPoint.Port, dns: lab.Authoritative, dnssecResolver: lab.Resolver);

        var outcome = await DeliverAsync(harness, Opportunistic());

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal("split1", harness.Get<StsCacheFile>().Get(TestPki.PartnerDomain)!.Id);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type=starttls-not-supported"], harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_DiscoverMtaStsOff_NoLookupAndThePolicysLevel()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        PointMxAt(TestPki.PartnerMx, stripper.EndPoint.Address);
        await using var harness = Harness(stripper.EndPoint.Port);

        var outcome = await DeliverAsync(harness, Opportunistic() with { DiscoverMtaSts = false });

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        Assert.Equal(0, _sts.Requests);
        Assert.DoesNotContain(_sts.Dns.Queries, q => q.Name.StartsWith("_mta-sts.", StringComparison.Ordinal));
    }

    private static IReadOnlyList<TlsReportEntry> Reported(DeliveryHarness harness) =>
        harness.Get<TlsReportStore>().Day(DateOnly.FromDateTime(DateTime.UtcNow));

    // Opportunistic with the test CA as its trust anchor, so that Verify (what an enforced policy raises it to) trusts the test MX.
    private static CompiledPolicy Opportunistic() => DeliveryScenario.Policy(TlsLevel.Opportunistic, PolicyName) with { TrustAnchors = DeliveryHarness.TestCa };

    private static Task<DeliveryOutcome> DeliverAsync(DeliveryHarness harness, CompiledPolicy policy) =>
        harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), policy, CancellationToken.None);

    private static string Level(string measurement) => measurement.Split(',')[0]["level=".Length..];

    private void PointMxAt(string host, IPAddress address)
    {
        _sts.Dns.Remove(TestPki.PartnerDomain);
        _sts.Dns.AddMx(TestPki.PartnerDomain, 10, host);
        _sts.Dns.Remove(host);
        _sts.Dns.AddA(host, address);
    }

    private void PoisonMx(IPAddress attacker) => PointMxAt(TestPki.AttackerMx, attacker);

    // The relay fetches policies from the test server's port and trusts the test CA for the policy host (WebPKI in production).
    private DeliveryHarness Harness(int smtpPort, string? stateDirectory = null, IPEndPoint? dns = null, IPEndPoint? dnssecResolver = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Relay:Delivery:MtaStsHttpsPort"] = _sts.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Relay:Delivery:MtaStsFetchTimeout"] = "00:00:05",
        };
        if (dnssecResolver is not null)
        {
            settings["Relay:Delivery:DnssecResolvers:0"] = dnssecResolver.ToString();
        }

        return DeliveryHarness.Create(smtpPort, dns ?? _sts.Dns.EndPoint, settings, stateDirectory, services => services.AddSingleton(provider => new StsPolicyFetcher(
            provider.GetRequiredService<IOptions<DeliveryOptions>>(),
            provider.GetRequiredService<MxResolver>(),
            provider.GetRequiredService<CertificateEvaluator>(),
            new X509Certificate2Collection(Pki.Ca.Certificate))));
    }
}
