using System.Net;
using MimeKit;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Postfix;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// The engine against a real Postfix MX (the test CA's good certificate for mx.partner.test),
/// directly or behind a STARTTLS-stripping man in the middle; Postfix's own log says whether each
/// message arrived and whether over TLS. Needs root and postfix (`make deps`).
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class PostfixDeliveryTests : IAsyncLifetime, IDisposable
{
    private const string PolicyName = "mail/postfix";
    private const string Downgrades = "strictmail.relay.downgrade.attempts";
    private const string NotSupported = "starttls-not-supported";
    private static readonly string[] Tls12Or13 = ["TLSv1.3", "TLSv1.2"];

    private readonly TestDnsServer _dns = new();
    private PostfixMx _postfix = null!;
    private int _startupDisconnects;

    public async Task InitializeAsync()
    {
        _postfix = await PostfixMx.StartWithCertificateAsync(TestPki.Shared.Good, TestPki.PartnerMx, [TestPki.PartnerDomain]);
        _startupDisconnects = Disconnects();
        _dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
    }

    public async Task DisposeAsync() => await _postfix.DisposeAsync();

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task Deliver_SecureToPostfix_DeliversOverTlsWithVerifiedName()
    {
        PointMxAt(_postfix.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(_postfix.EndPoint.Port, _dns.EndPoint);
        var request = TestMessages.To(TestPki.PartnerDomain, "alice");

        var outcome = await harness.Engine.DeliverAsync(request, Policy(TlsLevel.Secure), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(outcome.Recipients).Status);
        var received = Assert.Single(await _postfix.WaitForMessagesAsync(1));
        Assert.Equal((MessageId(request), "app@internal.test"), (received.MessageId, received.From));
        Assert.Equal(["alice@partner.test"], received.To);
        Assert.Contains(received.TlsProtocol, Tls12Or13);
        Assert.Equal(received.TlsProtocol, outcome.Tls!.Protocol);
        Assert.Equal(TestPki.PartnerMx, outcome.Tls.VerifiedIdentity);
        Assert.Equal([$"level=Secure,outcome=delivered,policy={PolicyName},tls.protocol={received.TlsProtocol}"], harness.Measured("strictmail.relay.deliveries"));
        Assert.Empty(harness.Measured(Downgrades));
    }

    // StartTlsStripMode is internal, so the rows name it; (stripped, answered) is what the stripper did to the one session.
    [Theory]
    [InlineData(nameof(StartTlsStripMode.StripOffer), TlsLevel.Encrypt, 1, 0)]
    [InlineData(nameof(StartTlsStripMode.StripOffer), TlsLevel.Verify, 1, 0)]
    [InlineData(nameof(StartTlsStripMode.Reject454), TlsLevel.Secure, 0, 1)]
    public async Task Deliver_RequiredTlsThroughStripper_DefersAndPostfixGetsNothing(string mode, TlsLevel level, int offersStripped, int startTlsAnswered)
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, Enum.Parse<StartTlsStripMode>(mode), Loopback.NextAddress());
        PointMxAt(stripper.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(stripper.EndPoint.Port, _dns.EndPoint);

        var outcome = await DeliverAsync(harness, Policy(level));

        Assert.Equal(DeliveryStatus.Deferred, Assert.Single(outcome.Recipients).Status);
        Assert.Equal((offersStripped, startTlsAnswered), (stripper.OffersStripped, stripper.StartTlsAnswered));
        var session = Assert.Single((await SessionsEndedAsync(1)).Sessions);
        Assert.Empty(session.QueueIds);
        Assert.Empty(_postfix.ReadLog().Messages);
        Assert.Equal([$"action=blocked,policy={PolicyName},result_type={NotSupported}"], harness.Measured(Downgrades));
    }

    [Fact]
    public async Task Deliver_OpportunisticStrippedAfterTlsDelivery_DeliversInClearAndCountsAllowed()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.PassThrough, Loopback.NextAddress());
        PointMxAt(stripper.EndPoint.Address);
        await using var harness = DeliveryHarness.Create(stripper.EndPoint.Port, _dns.EndPoint);
        var policy = Policy(TlsLevel.Opportunistic);
        var first = TestMessages.To(TestPki.PartnerDomain, "alice");
        var second = TestMessages.To(TestPki.PartnerDomain, "bob");

        var before = await harness.Engine.DeliverAsync(first, policy, CancellationToken.None);
        stripper.Mode = StartTlsStripMode.StripOffer;
        // A new policy object: the pool keys sessions by policy object, so the idle TLS session from the first
        // delivery (opened before the stripping began) cannot carry the second, which must open a stripped one.
        var after = await harness.Engine.DeliverAsync(second, policy with { }, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(after.Recipients).Status);
        Assert.Equal(TlsFacts.Plaintext, after.Tls!.Protocol);
        Assert.Equal(1, stripper.OffersStripped);
        var overTls = (await _postfix.WaitForMessagesAsync(2)).ToDictionary(m => m.MessageId!, m => m.UsedTls);
        Assert.Equal((true, false), (overTls[MessageId(first)], overTls[MessageId(second)]));
        Assert.Equal([$"action=allowed,policy={PolicyName},result_type={NotSupported}"], harness.Measured(Downgrades));
        Assert.Equal(
            [$"level=Opportunistic,outcome=delivered,policy={PolicyName},tls.protocol={before.Tls!.Protocol}", $"level=Opportunistic,outcome=delivered,policy={PolicyName},tls.protocol=none"],
            harness.Measured("strictmail.relay.deliveries"));
    }

    [Fact]
    public async Task Deliver_ContinuityDeferStrippedAfterRestart_DefersAndPostfixGetsNothingNew()
    {
        await using var stripper = new StartTlsStripper(_postfix.EndPoint, StartTlsStripMode.PassThrough, Loopback.NextAddress());
        PointMxAt(stripper.EndPoint.Address);
        var state = Directory.CreateTempSubdirectory("strictmail-postfix-continuity-");
        var policy = Policy(TlsLevel.Opportunistic) with { StarttlsContinuity = ContinuityAction.Defer };
        try
        {
            // The first relay delivers over TLS and remembers mx.partner.test; disposing it closes its pooled session.
            await using (var first = DeliveryHarness.Create(stripper.EndPoint.Port, _dns.EndPoint, stateDirectory: state.FullName))
            {
                var before = await DeliverAsync(first, policy);
                Assert.Contains(before.Tls!.Protocol, Tls12Or13);
            }

            stripper.Mode = StartTlsStripMode.StripOffer;
            // A restarted relay (same state directory, empty connection pool) and a reloaded policy (a new object).
            await using var restarted = DeliveryHarness.Create(stripper.EndPoint.Port, _dns.EndPoint, stateDirectory: state.FullName);
            var outcome = await DeliverAsync(restarted, policy with { });

            var recipient = Assert.Single(outcome.Recipients);
            Assert.Equal(DeliveryStatus.Deferred, recipient.Status);
            Assert.Contains("offered STARTTLS before", recipient.Detail, StringComparison.Ordinal);
            Assert.Equal(1, stripper.OffersStripped);
            var log = await SessionsEndedAsync(2);
            Assert.Equal((true, false), (log.Sessions[0].UsedTls, log.Sessions[1].UsedTls));
            Assert.Empty(log.Sessions[1].QueueIds);

            // Postfix logs a message as finished after its session ended: wait for that line rather than race it.
            Assert.Single(await _postfix.WaitForMessagesAsync(1));
            Assert.Equal([$"action=blocked,policy={PolicyName},result_type={NotSupported}"], restarted.Measured(Downgrades));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static CompiledPolicy Policy(TlsLevel level) => DeliveryScenario.Policy(level, PolicyName);

    private static string MessageId(DeliveryRequest request)
    {
        using var message = MimeMessage.Load(new MemoryStream(request.Message.ToArray(), writable: false));
        return message.MessageId ?? throw new InvalidOperationException("Test messages carry a Message-ID.");
    }

    private static Task<DeliveryOutcome> DeliverAsync(DeliveryHarness harness, CompiledPolicy policy) =>
        harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), policy, CancellationToken.None);

    private void PointMxAt(IPAddress address) => _dns.AddA(TestPki.PartnerMx, address);

    /// <summary>
    /// Waits until Postfix logged <paramref name="count"/> sessions since startup and every one of them
    /// disconnected: only then does "no message" mean none can still arrive on them.
    /// </summary>
    private Task<PostfixLogSnapshot> SessionsEndedAsync(int count) =>
        _postfix.WaitForLogAsync(
            log => log.Sessions.Count == count && Disconnects() - _startupDisconnects == count, $"{count} session(s) connected and disconnected");

    private int Disconnects() =>
        PostfixLogFile.ReadLines(_postfix.LogFile, 0).Count(line => line.Contains(": disconnect from ", StringComparison.Ordinal));
}
