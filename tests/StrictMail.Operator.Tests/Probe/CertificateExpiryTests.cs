using StrictMail.Operator.Entities;
using StrictMail.Operator.Probe;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Tests.Probe;

public sealed class CertificateExpiryTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);

    [Theory]
    [InlineData(30.0, false)]
    [InlineData(14.01, false)]
    [InlineData(14.0, true)]
    [InlineData(5.0, true)]
    [InlineData(0.0, true)]
    [InlineData(-1.0, true)]
    public void Expiring_DaysLeft_TrueWithinTheWindowOrPast(double days, bool expected) =>
        Assert.Equal(expected, CertificateExpiry.Expiring(Now.AddDays(days), Now, Window));

    [Fact]
    public void Expiring_NoCertificateRead_False() =>
        Assert.False(CertificateExpiry.Expiring(null, Now, Window));

    [Fact]
    public void Warnings_OneOfThreeExpiresIn5Days_OneNoteNamingHostDateAndDays()
    {
        var probe = new ProbeStatus
        {
            Mx =
            [
                new MxProbe { Host = "mx1.bank.example", NotAfter = Now.AddDays(60) },
                new MxProbe { Host = "mx2.bank.example", NotAfter = Now.AddDays(5) },
                new MxProbe { Host = "mx3.bank.example", Error = "connect: refused" },
            ],
        };

        var note = Assert.Single(CertificateExpiry.Warnings(probe, Now, Window));

        Assert.Equal(
            "The certificate of MX host mx2.bank.example expires at 2026-12-04T12:00:00Z (in 5 days); ask the partner to renew it before mail to it fails this policy.",
            note);
    }

    [Fact]
    public void Warnings_ExpiresWithinHours_SaysHours()
    {
        var probe = new ProbeStatus { Mx = [new MxProbe { Host = "mx.bank.example", NotAfter = Now.AddHours(7) }] };

        Assert.Contains("(in 7 hours)", Assert.Single(CertificateExpiry.Warnings(probe, Now, Window)), StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_Expired_SaysExpired()
    {
        var probe = new ProbeStatus { Mx = [new MxProbe { Host = "mx.bank.example", NotAfter = Now.AddDays(-2) }] };

        Assert.StartsWith("The certificate of MX host mx.bank.example expired at 2026-11-27T12:00:00Z", Assert.Single(CertificateExpiry.Warnings(probe, Now, Window)), StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_NoProbe_None() =>
        Assert.Empty(CertificateExpiry.Warnings(null, Now, Window));

    [Fact]
    public void Certificates_EntriesWithAndWithoutNotAfter_OnlyThoseReadTaggedByPolicyAndHost()
    {
        var probe = new ProbeStatus
        {
            Mx =
            [
                new MxProbe { Host = "mx1.bank.example", NotAfter = Now.AddDays(60) },
                new MxProbe { Host = "mx2.bank.example", Starttls = false, Error = "the host does not offer STARTTLS" },
            ],
        };

        Assert.Equal([new ProbedCertificate("mail/bank", "mx1.bank.example", Now.AddDays(60))], CertificateExpiry.Certificates("mail/bank", probe));
    }
}
