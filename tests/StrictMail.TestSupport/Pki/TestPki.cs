using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Pki;

/// <summary>
/// The certificates of a delivery test, made at test time: a trusted test CA, leaves for the partner's MX (good, expired,
/// wrong name, self-signed, from an unrelated CA) and a valid leaf for the attacker's own MX name.
/// </summary>
internal sealed class TestPki : IDisposable
{
    public const string PartnerDomain = "partner.test";
    public const string PartnerMx = "mx.partner.test";
    public const string OtherMx = "mx.other.test";
    public const string AttackerMx = "mx.attacker.test";

    private static readonly Lazy<TestPki> SharedInstance = new(Create);

    private TestPki(TestCertificateAuthority ca, TestCertificateAuthority unrelatedCa)
    {
        Ca = ca;
        UnrelatedCa = unrelatedCa;
        var now = DateTimeOffset.UtcNow;
        Good = ca.IssueServer([PartnerMx, PartnerDomain]);
        Expired = ca.IssueServer([PartnerMx, PartnerDomain], now.AddDays(-30), now.AddDays(-1));
        WrongName = ca.IssueServer([OtherMx]);
        Attacker = ca.IssueServer([AttackerMx]);
        SelfSigned = TestCertificateAuthority.SelfSignedServer([PartnerMx, PartnerDomain]);
        FromUnrelatedCa = unrelatedCa.IssueServer([PartnerMx, PartnerDomain]);
    }

    /// <summary>One set for the whole test run; certificates are immutable, so tests can share it.</summary>
    public static TestPki Shared => SharedInstance.Value;

    /// <summary>The test root CA that clients trust (through a custom trust store, never the machine's).</summary>
    public TestCertificateAuthority Ca { get; }

    /// <summary>A second root CA that clients do not trust.</summary>
    public TestCertificateAuthority UnrelatedCa { get; }

    /// <summary>Valid, from <see cref="Ca"/>, for mx.partner.test and partner.test.</summary>
    public X509Certificate2 Good { get; }

    /// <summary>From <see cref="Ca"/> for the partner's names, but NotAfter was yesterday.</summary>
    public X509Certificate2 Expired { get; }

    /// <summary>Valid, from <see cref="Ca"/>, but only for mx.other.test.</summary>
    public X509Certificate2 WrongName { get; }

    /// <summary>Valid, from <see cref="Ca"/>, for the attacker's own name mx.attacker.test: what a poisoned MX presents.</summary>
    public X509Certificate2 Attacker { get; }

    /// <summary>Self-signed for the partner's names.</summary>
    public X509Certificate2 SelfSigned { get; }

    /// <summary>Valid for the partner's names but issued by <see cref="UnrelatedCa"/>.</summary>
    public X509Certificate2 FromUnrelatedCa { get; }

    public static TestPki Create() =>
        new(TestCertificateAuthority.Create("StrictMail Test Root CA"), TestCertificateAuthority.Create("Unrelated Test Root CA"));

    public void Dispose()
    {
        foreach (var certificate in new[] { Good, Expired, WrongName, Attacker, SelfSigned, FromUnrelatedCa })
        {
            certificate.Dispose();
        }

        Ca.Dispose();
        UnrelatedCa.Dispose();
    }
}
