using StrictMail.Relay.Delivery.Tls;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class AnchoredChainTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    [Fact]
    public void Problem_LeafIsTheAnchor_None()
    {
        Assert.Null(AnchoredChain.Problem(new ServerCertificate(Pki.SelfSigned, []), Pki.SelfSigned, DateTime.UtcNow));
    }

    [Fact]
    public void Problem_ThroughAnIntermediateToTheRoot_None()
    {
        using var intermediate = Pki.Ca.IssueIntermediate("StrictMail Test Issuing CA");
        var leaf = intermediate.IssueServer([TestPki.PartnerMx]);

        Assert.Null(AnchoredChain.Problem(new ServerCertificate(leaf, [intermediate.Certificate, Pki.Ca.Certificate]), Pki.Ca.Certificate, DateTime.UtcNow));
    }

    [Fact]
    public void Problem_IntermediateNotSent_SaysNobodySignedTheLeaf()
    {
        using var intermediate = Pki.Ca.IssueIntermediate("StrictMail Test Issuing CA");
        var leaf = intermediate.IssueServer([TestPki.PartnerMx]);

        var problem = AnchoredChain.Problem(new ServerCertificate(leaf, []), Pki.Ca.Certificate, DateTime.UtcNow);

        Assert.Equal($"no certificate the server sent (or the trust anchor) signed {leaf.Subject}", problem);
    }

    [Fact]
    public void Problem_ForgedIssuerName_Refused()
    {
        using var impostor = TestCertificateAuthority.Create("StrictMail Test Root CA");
        var forged = impostor.IssueServer([TestPki.PartnerMx]);

        Assert.NotNull(AnchoredChain.Problem(new ServerCertificate(forged, [Pki.Ca.Certificate]), Pki.Ca.Certificate, DateTime.UtcNow));
    }

    [Fact]
    public void Problem_ExpiredLeaf_SaysValidityPeriod()
    {
        var problem = AnchoredChain.Problem(new ServerCertificate(Pki.Expired, [Pki.Ca.Certificate]), Pki.Ca.Certificate, DateTime.UtcNow);

        Assert.Contains("outside its validity period", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LeafIsNotACa_CannotIssue()
    {
        var issuedByLeaf = Pki.SelfSigned;

        Assert.NotNull(AnchoredChain.Problem(new ServerCertificate(Pki.Good, [issuedByLeaf]), issuedByLeaf, DateTime.UtcNow));
    }
}
