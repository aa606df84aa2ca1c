using System.IO.Compression;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Tests.Compilation;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Tests.Controller;

public sealed class PolicyConfigMapTests
{
    [Fact]
    public void Render_SmallDocument_PlainJsonWithRevisionAnnotation()
    {
        var document = PolicyDocumentBuilder.Build([PolicyFactory.Make("bank", "Secure", "bank.example")]).Document;

        var map = PolicyConfigMap.Render(document, "strictmail-policy", "mail");

        Assert.Equal(document.Revision, PolicyDocumentJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(map.Data[PolicyConfigMap.Key])).Revision);
        Assert.Null(map.BinaryData);
        Assert.Equal(document.Revision, map.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
    }

    [Fact]
    public void Render_TenThousandPolicies_GzipInBinaryDataUnderOneMebibyte()
    {
        var document = PolicyDocumentBuilder.Build(Enumerable.Range(0, 10_000).Select(i => PolicyFactory.Make($"p{i}", "Encrypt", $"partner{i}.example", $".partner{i}.example"))).Document;

        var map = PolicyConfigMap.Render(document, "strictmail-policy", "mail");

        var bytes = map.BinaryData[PolicyConfigMap.Key];
        Assert.True(bytes.Length < 1024 * 1024, $"{bytes.Length} bytes");
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        Assert.Equal(10_000, PolicyDocumentJson.Deserialize(json.ToArray()).Policies.Count);
        Assert.EndsWith("+gzip", map.Metadata.Annotations[PolicyConfigMap.HashAnnotation], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(10_000)]
    public void UpToDate_DataPatchedByHandWithOurAnnotationsKept_NotUpToDate(int policies)
    {
        var wanted = PolicyDocumentBuilder.Build(Enumerable.Range(0, policies).Select(i => PolicyFactory.Make($"p{i}", "Secure", $"partner{i}.example"))).Document;
        var forged = PolicyDocumentBuilder.Build(Enumerable.Range(0, policies).Select(i => PolicyFactory.Make($"p{i}", "None", $"partner{i}.example"))).Document;
        var desired = PolicyConfigMap.Render(wanted, "strictmail-policy", "mail");

        // kubectl patch of data (with a revision recomputed to match) that leaves the annotations alone.
        var stored = PolicyConfigMap.Render(forged, "strictmail-policy", "mail");
        stored.Metadata.Annotations = new Dictionary<string, string>(desired.Metadata.Annotations);

        Assert.True(PolicyConfigMap.UpToDate(PolicyConfigMap.Render(wanted, "strictmail-policy", "mail"), desired));
        Assert.False(PolicyConfigMap.UpToDate(stored, desired));
    }

    [Fact]
    public void UpToDate_KeyRemovedOrDoubled_NotUpToDate()
    {
        var document = PolicyDocumentBuilder.Build([PolicyFactory.Make("bank", "Secure", "bank.example")]).Document;
        var desired = PolicyConfigMap.Render(document, "strictmail-policy", "mail");
        var emptied = PolicyConfigMap.Render(document, "strictmail-policy", "mail");
        emptied.Data = new Dictionary<string, string>();
        var doubled = PolicyConfigMap.Render(document, "strictmail-policy", "mail");
        doubled.BinaryData = new Dictionary<string, byte[]> { [PolicyConfigMap.Key] = [1, 2, 3] };

        Assert.False(PolicyConfigMap.UpToDate(emptied, desired));
        Assert.False(PolicyConfigMap.UpToDate(doubled, desired));
    }

    [Fact]
    public void UpToDate_SameAndChangedDocuments_Detected()
    {
        var one = PolicyConfigMap.Render(PolicyDocumentBuilder.Build([PolicyFactory.Make("a", "Secure", "a.example")]).Document, "m", "mail");
        var same = PolicyConfigMap.Render(PolicyDocumentBuilder.Build([PolicyFactory.Make("a", "Secure", "a.example")]).Document, "m", "mail");
        var other = PolicyConfigMap.Render(PolicyDocumentBuilder.Build([PolicyFactory.Make("a", "Encrypt", "a.example")]).Document, "m", "mail");

        Assert.True(PolicyConfigMap.UpToDate(one, same));
        Assert.False(PolicyConfigMap.UpToDate(one, other));
        Assert.False(PolicyConfigMap.UpToDate(null, one));
    }
}
