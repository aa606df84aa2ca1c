using System.IO.Compression;
using MimeKit;

namespace StrictMail.TestSupport.Smtp;

/// <summary>The JSON of an RFC 8460 report as a receiver reads it: the application/tlsrpt+gzip part, decoded and gunzipped.</summary>
internal static class TlsReportAttachment
{
    /// <summary>The report JSON in <paramref name="mail"/> (a multipart/report with one tlsrpt+gzip part).</summary>
    public static byte[] Json(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var part = mail.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/tlsrpt+gzip");
        return Json(part);
    }

    /// <summary>The report JSON in one application/tlsrpt+gzip part.</summary>
    public static byte[] Json(MimePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        using var decoded = new MemoryStream();
        part.Content!.DecodeTo(decoded);
        return Gunzip(decoded.ToArray());
    }

    /// <summary>Gunzips <paramref name="gzip"/> (what an HTTPS collector receives).</summary>
    public static byte[] Gunzip(byte[] gzip)
    {
        using var unzipped = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var copy = new MemoryStream();
        unzipped.CopyTo(copy);
        return copy.ToArray();
    }
}
