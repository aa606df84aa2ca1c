using System.Security.Cryptography;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using StrictMail.Policy.Reporting;
using StrictMail.Relay.Reporting;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Reporting;

/// <summary>The report as RFC 8460 4.4 and 5.3 have it: the JSON's fields, the multipart/report mail, and its DKIM signature checked by MimeKit against the key in a DNS server.</summary>
public sealed class TlsReportMailTests : IDisposable
{
    private static readonly TlsReportDocument Report = new(
        "Example Org",
        "mailto:tlsrpt@example.test",
        "2026-12-03T00:00:00Z_partner.test_a1",
        new DateOnly(2026, 12, 3),
        "partner.test",
        [
            new TlsReportEntry("partner.test", "sts", ["version: STSv1", "mode: enforce", "mx: mx.partner.test", "max_age: 86400"], ["mx.partner.test"], 40,
                [new TlsFailureCount("starttls-not-supported", "mx.partner.test", "192.0.2.1", 2), new TlsFailureCount("sts-policy-fetch-error", null, null, 1)]),
            new TlsReportEntry("partner.test", "no-policy-found", [], ["mx.partner.test"], 5, []),
        ]);

    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("strictmail-dkim-");

    public void Dispose() => _keys.Delete(recursive: true);

    [Fact]
    public void Write_Report_TheFieldsRfc8460Requires()
    {
        using var json = JsonDocument.Parse(TlsReportJson.Write(Report));
        var root = json.RootElement;

        Assert.Equal("Example Org", root.GetProperty("organization-name").GetString());
        Assert.Equal(("2026-12-03T00:00:00Z", "2026-12-03T23:59:59Z"), (root.GetProperty("date-range").GetProperty("start-datetime").GetString(), root.GetProperty("date-range").GetProperty("end-datetime").GetString()));
        Assert.Equal("mailto:tlsrpt@example.test", root.GetProperty("contact-info").GetString());
        Assert.Equal(Report.ReportId, root.GetProperty("report-id").GetString());
        var sts = root.GetProperty("policies")[0];
        Assert.Equal(("sts", "partner.test"), (sts.GetProperty("policy").GetProperty("policy-type").GetString(), sts.GetProperty("policy").GetProperty("policy-domain").GetString()));
        Assert.Equal(4, sts.GetProperty("policy").GetProperty("policy-string").GetArrayLength());
        Assert.Equal((40, 3), (sts.GetProperty("summary").GetProperty("total-successful-session-count").GetInt64(), sts.GetProperty("summary").GetProperty("total-failure-session-count").GetInt64()));
        var failure = sts.GetProperty("failure-details")[0];
        Assert.Equal(("starttls-not-supported", "192.0.2.1", "mx.partner.test", 2), (failure.GetProperty("result-type").GetString(), failure.GetProperty("receiving-ip").GetString(), failure.GetProperty("receiving-mx-hostname").GetString(), failure.GetProperty("failed-session-count").GetInt64()));
        Assert.False(sts.GetProperty("failure-details")[1].TryGetProperty("receiving-mx-hostname", out _));
        var none = root.GetProperty("policies")[1];
        Assert.False(none.GetProperty("policy").TryGetProperty("policy-string", out _));
        Assert.False(none.TryGetProperty("failure-details", out _));
    }

    [Fact]
    public void Build_Report_MultipartReportWithTheGzippedJsonNamedAsTheRfcSays()
    {
        var message = TlsReportMail.Build(Report, new MailboxAddress("", "tlsrpt@example.test"), new MailboxAddress("", "reports@partner.test"), "example.test", null);

        var report = Assert.IsType<MultipartReport>(message.Body);
        Assert.Equal("tlsrpt", report.ReportType);
        var attachment = Assert.IsType<MimePart>(report[1]);
        Assert.Equal("application/tlsrpt+gzip", attachment.ContentType.MimeType);
        Assert.Equal("example.test!partner.test!1796256000!1796342399!2026-12-03T00:00:00Z_partner.test_a1.json.gz", attachment.FileName);
        Assert.Equal(TlsReportJson.Write(Report), TlsReportAttachment.Json(attachment));
        Assert.Equal(("partner.test", "example.test", "No"), (message.Headers["TLS-Report-Domain"], message.Headers["TLS-Report-Submitter"], message.Headers["TLS-Required"]));
        Assert.Equal($"Report Domain: partner.test Submitter: example.test Report-ID: <{Report.ReportId}>", message.Subject);
    }

    [Fact]
    public async Task Build_WithADkimKey_SignatureVerifiesAgainstTheKeyInDnsAndBreaksWhenTampered()
    {
        using var rsa = RSA.Create(2048);
        var keyFile = Path.Combine(_keys.FullName, "dkim.key");
        await File.WriteAllTextAsync(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        using var dns = new TestDnsServer();
        dns.AddTxt("tlsrpt._domainkey.example.test", "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
        var signer = new DkimSigner(keyFile, "example.test", "tlsrpt", DkimSignatureAlgorithm.RsaSha256);

        var sent = TlsReportMail.Build(Report, new MailboxAddress("", "tlsrpt@example.test"), new MailboxAddress("", "reports@partner.test"), "example.test", signer);
        var received = RoundTrip(sent);
        var verifier = new DkimVerifier(new DnsDkimKeyLocator(dns.EndPoint));

        Assert.True(await verifier.VerifyAsync(received, received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)]));
        received.Subject += " (changed)";
        Assert.False(await verifier.VerifyAsync(received, received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)]));
    }

    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        bytes.Position = 0;
        return MimeMessage.Load(bytes);
    }
}
