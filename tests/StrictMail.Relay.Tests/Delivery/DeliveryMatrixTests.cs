using System.Net;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// Every level against every server behaviour, in Enforce and Testing mode, over real TLS on
/// loopback: the outcome, whether the message travelled over TLS, and the exact downgrade and
/// delivery metrics. The table below is the specification; Testing mode turns each blocked row
/// into a delivery that is counted as allowed.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class DeliveryMatrixTests : IDisposable
{
    private const string Delivered = "delivered";
    private const string Deferred = "deferred";
    private const string NotSupported = "starttls-not-supported";
    private const string Handshake = "validation-failure";
    private const string NotTrusted = "certificate-not-trusted";
    private const string ExpiredCert = "certificate-expired";
    private const string Mismatch = "certificate-host-mismatch";

    private readonly TestDnsServer _dns = new();

    public static TheoryData<TlsLevel, ServerBehaviour, string, bool, string?> EnforceTable => new()
    {
        // level, server behaviour, outcome, over TLS, downgrade result_type
        { TlsLevel.None, ServerBehaviour.NoStartTls, Delivered, false, null },
        { TlsLevel.None, ServerBehaviour.Reject454, Delivered, false, null },
        { TlsLevel.None, ServerBehaviour.HandshakeFailure, Delivered, false, null },
        { TlsLevel.None, ServerBehaviour.Untrusted, Delivered, false, null },
        { TlsLevel.None, ServerBehaviour.Expired, Delivered, false, null },
        { TlsLevel.None, ServerBehaviour.WrongName, Delivered, false, null },
        { TlsLevel.None, ServerBehaviour.Good, Delivered, false, null },

        // Opportunistic is Postfix's "may": plaintext when STARTTLS is missing, any certificate encrypts,
        // a refused or failed STARTTLS falls back to plaintext and is counted as allowed.
        { TlsLevel.Opportunistic, ServerBehaviour.NoStartTls, Delivered, false, null },
        { TlsLevel.Opportunistic, ServerBehaviour.Reject454, Delivered, false, NotSupported },
        { TlsLevel.Opportunistic, ServerBehaviour.HandshakeFailure, Delivered, false, Handshake },
        { TlsLevel.Opportunistic, ServerBehaviour.Untrusted, Delivered, true, null },
        { TlsLevel.Opportunistic, ServerBehaviour.Expired, Delivered, true, null },
        { TlsLevel.Opportunistic, ServerBehaviour.WrongName, Delivered, true, null },
        { TlsLevel.Opportunistic, ServerBehaviour.Good, Delivered, true, null },

        { TlsLevel.Encrypt, ServerBehaviour.NoStartTls, Deferred, false, NotSupported },
        { TlsLevel.Encrypt, ServerBehaviour.Reject454, Deferred, false, NotSupported },
        { TlsLevel.Encrypt, ServerBehaviour.HandshakeFailure, Deferred, false, Handshake },
        { TlsLevel.Encrypt, ServerBehaviour.Untrusted, Delivered, true, null },
        { TlsLevel.Encrypt, ServerBehaviour.Expired, Delivered, true, null },
        { TlsLevel.Encrypt, ServerBehaviour.WrongName, Delivered, true, null },
        { TlsLevel.Encrypt, ServerBehaviour.Good, Delivered, true, null },

        // The pin is the good certificate's public key: any other certificate is not trusted, whatever its chain.
        { TlsLevel.Fingerprint, ServerBehaviour.NoStartTls, Deferred, false, NotSupported },
        { TlsLevel.Fingerprint, ServerBehaviour.Reject454, Deferred, false, NotSupported },
        { TlsLevel.Fingerprint, ServerBehaviour.HandshakeFailure, Deferred, false, Handshake },
        { TlsLevel.Fingerprint, ServerBehaviour.Untrusted, Deferred, false, NotTrusted },
        { TlsLevel.Fingerprint, ServerBehaviour.Expired, Deferred, false, NotTrusted },
        { TlsLevel.Fingerprint, ServerBehaviour.WrongName, Deferred, false, NotTrusted },
        { TlsLevel.Fingerprint, ServerBehaviour.Good, Delivered, true, null },

        { TlsLevel.Verify, ServerBehaviour.NoStartTls, Deferred, false, NotSupported },
        { TlsLevel.Verify, ServerBehaviour.Reject454, Deferred, false, NotSupported },
        { TlsLevel.Verify, ServerBehaviour.HandshakeFailure, Deferred, false, Handshake },
        { TlsLevel.Verify, ServerBehaviour.Untrusted, Deferred, false, NotTrusted },
        { TlsLevel.Verify, ServerBehaviour.Expired, Deferred, false, ExpiredCert },
        { TlsLevel.Verify, ServerBehaviour.WrongName, Deferred, false, Mismatch },
        { TlsLevel.Verify, ServerBehaviour.Good, Delivered, true, null },

        { TlsLevel.Secure, ServerBehaviour.NoStartTls, Deferred, false, NotSupported },
        { TlsLevel.Secure, ServerBehaviour.Reject454, Deferred, false, NotSupported },
        { TlsLevel.Secure, ServerBehaviour.HandshakeFailure, Deferred, false, Handshake },
        { TlsLevel.Secure, ServerBehaviour.Untrusted, Deferred, false, NotTrusted },
        { TlsLevel.Secure, ServerBehaviour.Expired, Deferred, false, ExpiredCert },
        { TlsLevel.Secure, ServerBehaviour.WrongName, Deferred, false, Mismatch },
        { TlsLevel.Secure, ServerBehaviour.Good, Delivered, true, null },
    };

    public void Dispose() => _dns.Dispose();

    [Theory]
    [MemberData(nameof(EnforceTable))]
    public async Task Deliver_EnforceMode_BlocksWhatThePolicyForbids(TlsLevel level, ServerBehaviour behaviour, string outcome, bool overTls, string? resultType)
    {
        await using var run = await RunAsync(level, behaviour, PolicyMode.Enforce);

        Assert.Equal(outcome, Outcome(run.Result));
        // A downgrade that still ended in a delivery (Opportunistic's plaintext fallback) was allowed; any other was blocked.
        var action = outcome == Delivered ? "allowed" : "blocked";
        Assert.Equal(resultType is null ? [] : [$"action={action},policy=mail/matrix,result_type={resultType}"], run.Harness.Measured("strictmail.relay.downgrade.attempts"));
        if (outcome == Delivered)
        {
            var message = Assert.Single(await run.Mx.WaitForMessagesAsync(1));
            Assert.Equal(overTls, message.IsTls);
            Assert.Equal(overTls, run.Result.Tls!.Protocol != TlsFacts.Plaintext);
        }
        else
        {
            // Refused sessions never reach MAIL FROM: not one byte of the message left the relay.
            Assert.Equal(0, run.Mx.TransactionCount);
            Assert.Empty(run.Mx.Messages);
        }

        Assert.Equal([$"level={level},outcome={outcome},policy=mail/matrix,tls.protocol={run.Result.Tls?.Protocol ?? TlsFacts.Plaintext}"], run.Harness.Measured("strictmail.relay.deliveries"));
    }

    [Theory]
    [MemberData(nameof(EnforceTable))]
    public async Task Deliver_TestingMode_DeliversAndCountsWhatWouldHaveBeenBlocked(TlsLevel level, ServerBehaviour behaviour, string enforceOutcome, bool enforceOverTls, string? resultType)
    {
        _ = enforceOutcome;
        await AssertTestingModeAsync(level, behaviour, enforceOverTls, resultType);
    }

    private async Task AssertTestingModeAsync(TlsLevel level, ServerBehaviour behaviour, bool enforceOverTls, string? resultType)
    {
        await using var run = await RunAsync(level, behaviour, PolicyMode.Testing);

        Assert.Equal(Delivered, Outcome(run.Result));
        var message = Assert.Single(await run.Mx.WaitForMessagesAsync(1));
        var certificateRefusal = resultType is NotTrusted or ExpiredCert or Mismatch;
        Assert.Equal(enforceOverTls || certificateRefusal, message.IsTls);
        Assert.Equal(resultType is null ? [] : [$"action=allowed,policy=mail/matrix,result_type={resultType}"], run.Harness.Measured("strictmail.relay.downgrade.attempts"));
    }

    private static string Outcome(DeliveryOutcome outcome) => Assert.Single(outcome.Recipients).Status.ToString().ToLowerInvariant();

    private async Task<MatrixRun> RunAsync(TlsLevel level, ServerBehaviour behaviour, PolicyMode mode)
    {
        var pki = TestPki.Shared;
        var mx = new FakeMxServer(Options(behaviour, pki), Loopback.NextAddress());
        _dns.Remove(TestPki.PartnerDomain);
        _dns.Remove(TestPki.PartnerMx);
        _dns.AddMx(TestPki.PartnerDomain, 10, TestPki.PartnerMx);
        _dns.AddA(TestPki.PartnerMx, mx.EndPoint.Address);
        var harness = DeliveryHarness.Create(mx.EndPoint.Port, _dns.EndPoint);
        var policy = new CompiledPolicy
        {
            Name = "mail/matrix",
            Domains = [TestPki.PartnerDomain],
            Level = level,
            Mode = mode,
            Fingerprints = level == TlsLevel.Fingerprint ? [CertificateDigests.OfPublicKey(pki.Good)] : [],
            TrustAnchors = level is TlsLevel.Verify or TlsLevel.Secure ? DeliveryHarness.TestCa : null,
        };

        var result = await harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), policy, CancellationToken.None);
        return new MatrixRun(mx, harness, result);
    }

    private static FakeMxOptions Options(ServerBehaviour behaviour, TestPki pki) => behaviour switch
    {
        ServerBehaviour.NoStartTls => new FakeMxOptions { OfferStartTls = false, Certificate = pki.Good },
        ServerBehaviour.Reject454 => new FakeMxOptions { StartTls = StartTlsBehavior.Reject454, Certificate = pki.Good },
        ServerBehaviour.HandshakeFailure => new FakeMxOptions { StartTls = StartTlsBehavior.GarbageAfterReady, Certificate = pki.Good },
        ServerBehaviour.Untrusted => new FakeMxOptions { Certificate = pki.SelfSigned },
        ServerBehaviour.Expired => new FakeMxOptions { Certificate = pki.Expired },
        ServerBehaviour.WrongName => new FakeMxOptions { Certificate = pki.WrongName },
        _ => new FakeMxOptions { Certificate = pki.Good },
    };

    private sealed record MatrixRun(FakeMxServer Mx, DeliveryHarness Harness, DeliveryOutcome Result) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Harness.DisposeAsync();
            await Mx.DisposeAsync();
        }
    }
}
