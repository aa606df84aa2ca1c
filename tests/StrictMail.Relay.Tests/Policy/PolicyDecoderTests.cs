using System.Text;
using StrictMail.Policy.Document;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Tests.TestSupport;

namespace StrictMail.Relay.Tests.Policy;

public sealed class PolicyDecoderTests
{
    private static readonly PolicyDocument Document = TestDocuments.Create("decoder", 3);

    [Fact]
    public void Decode_PlainJson_ReturnsDocument()
    {
        var decoded = PolicyDecoder.Decode(TestDocuments.Json(Document));

        Assert.Equal(Document.Revision, decoded.Revision);
        Assert.Equal(3, decoded.Policies.Count);
    }

    [Fact]
    public void Decode_Gzip_ReturnsDocument()
    {
        var decoded = PolicyDecoder.Decode(TestDocuments.Gzip(TestDocuments.Json(Document)));

        Assert.Equal(Document.Revision, decoded.Revision);
    }

    [Fact]
    public void Decode_GzipExpandingBeyondCap_ThrowsGzipBomb()
    {
        var bomb = TestDocuments.GzipBomb(64 * 1024);

        var e = Assert.Throws<PolicyDocumentException>(() => PolicyDecoder.Decode(bomb, maxDocumentBytes: 16 * 1024));

        Assert.Contains("gzip bomb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_GzipExactlyAtCap_IsNotRefusedForSize()
    {
        var json = TestDocuments.Json(Document);

        var decoded = PolicyDecoder.Decode(TestDocuments.Gzip(json), maxDocumentBytes: json.Length);

        Assert.Equal(Document.Revision, decoded.Revision);
    }

    [Fact]
    public void Decode_GzipMagicThenGarbage_ThrowsNotValidGzip()
    {
        byte[] corrupt = [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0xff, 0xff, 0x13, 0x37];

        var e = Assert.Throws<PolicyDocumentException>(() => PolicyDecoder.Decode(corrupt));

        Assert.Contains("policy document", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Empty_ThrowsEmpty()
    {
        var e = Assert.Throws<PolicyDocumentException>(() => PolicyDecoder.Decode([]));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RevisionNotMatchingContent_ThrowsRevisionMismatch()
    {
        var e = Assert.Throws<PolicyDocumentException>(() => PolicyDecoder.Decode(TestDocuments.WrongRevision(Document)));

        Assert.Contains("does not match its content", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedJson_ThrowsNotValidJson()
    {
        var json = TestDocuments.Json(Document);

        var e = Assert.Throws<PolicyDocumentException>(() => PolicyDecoder.Decode(json[..(json.Length / 2)]));

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsGzip_JsonText_False() => Assert.False(PolicyDecoder.IsGzip(Encoding.UTF8.GetBytes("{}")));
}
