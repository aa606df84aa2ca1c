using System.Security.Cryptography.X509Certificates;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class CertificateExpectationTests
{
    private static readonly X509Certificate2Collection TestCa = [TestPki.Shared.Ca.Certificate];
    private static readonly X509Certificate2Collection SameCaOtherLoad = [TestPki.Shared.Ca.Certificate];
    private static readonly X509Certificate2Collection UnrelatedCa = [TestPki.Shared.UnrelatedCa.Certificate];

    [Theory]
    [InlineData(TlsLevel.Secure, false, "partner.test", "other.test", false)]
    [InlineData(TlsLevel.Secure, true, "partner.test", "other.test", true)]
    [InlineData(TlsLevel.Verify, false, "partner.test", "other.test", true)]
    [InlineData(TlsLevel.Fingerprint, false, "partner.test", "other.test", true)]
    [InlineData(TlsLevel.Encrypt, false, "partner.test", "other.test", true)]
    [InlineData(TlsLevel.Secure, false, "Partner.Test.", "partner.test", true)]
    public void Equals_TwoRecipientDomainsOnOneMx_EqualOnlyWhenNamesDoNotDependOnTheDomain(TlsLevel level, bool matchNames, string first, string second, bool equal)
    {
        var policy = Policy(level) with { MatchNames = matchNames ? [".partner.test"] : [] };

        var a = CertificateExpectation.For(policy, level, TestPki.PartnerMx, first, TestCa);
        var b = CertificateExpectation.For(policy, level, TestPki.PartnerMx, second, TestCa);

        Assert.Equal(equal, a.Equals(b));
        Assert.True(!equal || a.GetHashCode() == b.GetHashCode(), "equal expectations hash alike");
    }

    [Fact]
    public void Equals_TrustAnchorsReloaded_NotEqualEvenWithTheSameCertificates()
    {
        var policy = Policy(TlsLevel.Secure);

        var before = CertificateExpectation.For(policy, TlsLevel.Secure, TestPki.PartnerMx, TestPki.PartnerDomain, TestCa);
        var after = CertificateExpectation.For(policy, TlsLevel.Secure, TestPki.PartnerMx, TestPki.PartnerDomain, SameCaOtherLoad);

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Equals_DifferentPinsOrLevels_NotEqual()
    {
        var pinned = Policy(TlsLevel.Fingerprint) with { Fingerprints = [CertificateDigests.OfPublicKey(TestPki.Shared.Good)] };
        var repinned = pinned with { Fingerprints = [CertificateDigests.OfCertificate(TestPki.Shared.Good)] };

        Assert.NotEqual(
            CertificateExpectation.For(pinned, TlsLevel.Fingerprint, TestPki.PartnerMx, TestPki.PartnerDomain, null),
            CertificateExpectation.For(repinned, TlsLevel.Fingerprint, TestPki.PartnerMx, TestPki.PartnerDomain, null));
        Assert.NotEqual(
            CertificateExpectation.For(pinned, TlsLevel.Encrypt, TestPki.PartnerMx, TestPki.PartnerDomain, null),
            CertificateExpectation.For(pinned, TlsLevel.Opportunistic, TestPki.PartnerMx, TestPki.PartnerDomain, null));
    }

    [Fact]
    public void Evaluate_DaneOnlyWithoutTlsaValidation_FailsClosedEvenForAGoodCertificate()
    {
        var expected = CertificateExpectation.For(Policy(TlsLevel.DaneOnly), TlsLevel.DaneOnly, TestPki.PartnerMx, TestPki.PartnerDomain, TestCa);

        var verdict = new CertificateEvaluator(TimeProvider.System).Evaluate(new ServerCertificate(TestPki.Shared.Good, []), expected);

        Assert.Equal((false, "dane-required"), (verdict.Ok, verdict.ResultType));
    }

    /// <summary>
    /// The property the connection pool relies on: whenever two deliveries have equal expectations,
    /// every certificate gets the same verdict for both. Checked over every combination of level,
    /// policy, MX name, recipient domain and trust anchors that a relay can meet.
    /// </summary>
    [Fact]
    public void Evaluate_EqualExpectations_SameVerdictForEveryCertificate()
    {
        var evaluator = new CertificateEvaluator(TimeProvider.System);
        var pki = TestPki.Shared;
        X509Certificate2[] certificates = [pki.Good, pki.WrongName, pki.Attacker, pki.Expired, pki.SelfSigned, pki.FromUnrelatedCa];
        var expectations = (
            from level in Enum.GetValues<TlsLevel>()
            from policy in new[]
            {
                Policy(level),
                Policy(level) with { MatchNames = [".partner.test"] },
                Policy(level) with { Fingerprints = [CertificateDigests.OfPublicKey(pki.Good)] },
                Policy(level) with { Fingerprints = [CertificateDigests.OfCertificate(pki.Attacker)] },
            }
            from mx in new[] { TestPki.PartnerMx, TestPki.AttackerMx, TestPki.OtherMx }
            from domain in new[] { TestPki.PartnerDomain, "attacker.test", "other.test" }
            from anchors in new[] { TestCa, UnrelatedCa, null }
            select CertificateExpectation.For(policy, level, mx, domain, anchors)).ToList();

        var groups = expectations
            .Select(e => (Expectation: e, Verdicts: string.Concat(certificates.Select(c => evaluator.Evaluate(new ServerCertificate(c, []), e).Ok ? '1' : '0'))))
            .GroupBy(v => v.Expectation)
            .ToList();

        Assert.All(groups, g => Assert.Single(g.Select(v => v.Verdicts).Distinct()));
        Assert.Contains(groups, g => g.Count() > 1);
        Assert.Contains(groups, g => g.First().Verdicts.Contains('1', StringComparison.Ordinal));
        Assert.Contains(groups, g => g.First().Verdicts.Contains('0', StringComparison.Ordinal));
    }

    private static CompiledPolicy Policy(TlsLevel level) => new() { Name = "mail/test", Domains = ["*"], Level = level };
}
