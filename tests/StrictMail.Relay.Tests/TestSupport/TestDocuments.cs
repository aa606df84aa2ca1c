using System.IO.Compression;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Tests.TestSupport;

/// <summary>Policy documents and their file contents, built the way the operator builds them.</summary>
internal static class TestDocuments
{
    /// <summary>A document of <paramref name="count"/> Secure policies for "tag-N.example"; distinct tags give distinct revisions.</summary>
    public static PolicyDocument Create(string tag, int count = 2) =>
        PolicyDocumentJson.Create(Enumerable.Range(0, count).Select(i => new CompiledPolicy
        {
            Name = $"mail/{tag}-{i}",
            Domains = [$"{tag}-{i}.example"],
            Level = TlsLevel.Secure,
        }));

    public static byte[] Json(PolicyDocument document) => PolicyDocumentJson.Serialize(document);

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>A small gzip file that expands to <paramref name="expandedBytes"/> zero bytes.</summary>
    public static byte[] GzipBomb(int expandedBytes) => Gzip(new byte[expandedBytes]);

    /// <summary>A well-formed document whose revision does not match its content, as after a hand edit.</summary>
    public static byte[] WrongRevision(PolicyDocument document) =>
        Json(document with { Revision = "sha256:00000000000000000000000000000000" });
}
