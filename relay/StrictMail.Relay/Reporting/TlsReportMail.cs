using System.Globalization;
using System.IO.Compression;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Utils;

namespace StrictMail.Relay.Reporting;

/// <summary>
/// An RFC 8460 report as mail (section 5.3): multipart/report; report-type="tlsrpt" with a human-readable part and the
/// gzipped JSON as application/tlsrpt+gzip, named "submitter!policy-domain!begin!end!report-id.json.gz"; the
/// TLS-Report-Domain and TLS-Report-Submitter headers, the Subject the RFC gives, and "TLS-Required: No" (RFC 8689) so a
/// receiver with broken TLS still gets its report. DKIM-signed (RFC 8460 5.3 requires it) when a signer is given.
/// </summary>
internal static class TlsReportMail
{
    /// <summary>The headers DKIM signs.</summary>
    public static readonly IReadOnlyList<HeaderId> SignedHeaders =
        [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.ContentType];

    /// <param name="report">The report.</param>
    /// <param name="from">The reporting address.</param>
    /// <param name="to">The rua mailbox (without "mailto:").</param>
    /// <param name="submitter">The submitter's domain (TLS-Report-Submitter).</param>
    /// <param name="signer">The DKIM signer, or null to leave it unsigned (receivers may discard it).</param>
    public static MimeMessage Build(TlsReportDocument report, MailboxAddress from, MailboxAddress to, string submitter, DkimSigner? signer)
    {
        ArgumentNullException.ThrowIfNull(report);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = $"Report Domain: {report.PolicyDomain} Submitter: {submitter} Report-ID: <{report.ReportId}>";
        message.Date = report.End.AddSeconds(1);
        message.MessageId = MimeUtils.GenerateMessageId(submitter);
        message.Headers.Add("TLS-Report-Domain", report.PolicyDomain);
        message.Headers.Add("TLS-Report-Submitter", submitter);
        message.Headers.Add("TLS-Required", "No");

        var text = new TextPart("plain")
        {
            Text = $"This is an aggregate TLS report (RFC 8460) from {report.OrganizationName} for {report.PolicyDomain}, "
                + $"{report.Start:yyyy-MM-dd} (UTC). The report is attached as gzipped JSON.\r\n",
        };
        var attachment = new MimePart("application", "tlsrpt+gzip")
        {
            Content = new MimeContent(new MemoryStream(Gzip(TlsReportJson.Write(report)))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = FileName(report, submitter),
        };
        var body = new MultipartReport("tlsrpt") { text, attachment };
        message.Body = body;
        signer?.Sign(message, [.. SignedHeaders]);
        return message;
    }

    /// <summary>RFC 8460 5.3: sender "!" policy-domain "!" begin-timestamp "!" end-timestamp "!" unique-id ".json.gz" (timestamps in seconds since 1970).</summary>
    public static string FileName(TlsReportDocument report, string submitter)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture, $"{submitter}!{report.PolicyDomain}!{report.Start.ToUnixTimeSeconds()}!{report.End.ToUnixTimeSeconds()}!{report.ReportId}.json.gz");
    }

    /// <summary>The report JSON gzipped, as both the mail attachment and an HTTPS POST carry it (application/tlsrpt+gzip).</summary>
    public static byte[] Gzip(byte[] json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
