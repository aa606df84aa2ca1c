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
        var document = PolicyCompiler.Compile([PolicyFactory.Make("bank", "Secure", "bank.example")]).Document;

        var map = PolicyConfigMap.Render(document, "strictmail-policy", "mail");

        Assert.Equal(document.Revision, PolicyDocumentJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(map.Data[PolicyConfigMap.Key])).Revision);
        Assert.Null(map.BinaryData);
        Assert.Equal(document.Revision, map.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
    }

    [Fact]
    public void Render_TenThousandPolicies_GzipInBinaryDataUnderOneMebibyte()
    {
        var document = PolicyCompiler.Compile(Enumerable.Range(0, 10_000).Select(i => PolicyFactory.Make($"p{i}", "Encrypt", $"partner{i}.example", $".partner{i}.example"))).Document;

        var map = PolicyConfigMap.Render(document, "strictmail-policy", "mail");

        var bytes = map.BinaryData[PolicyConfigMap.Key];
        Assert.True(bytes.Length < 1024 * 1024, $"{bytes.Length} bytes");
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        Assert.Equal(10_000, PolicyDocumentJson.Deserialize(json.ToArray()).Policies.Count);
        Assert.EndsWith("+gzip", map.Metadata.Annotations[PolicyConfigMap.HashAnnotation], StringComparison.Ordinal);
    }

    [Fact]
    public void UpToDate_SameAndChangedDocuments_Detected()
    {
        var one = PolicyConfigMap.Render(PolicyCompiler.Compile([PolicyFactory.Make("a", "Secure", "a.example")]).Document, "m", "mail");
        var same = PolicyConfigMap.Render(PolicyCompiler.Compile([PolicyFactory.Make("a", "Secure", "a.example")]).Document, "m", "mail");
        var other = PolicyConfigMap.Render(PolicyCompiler.Compile([PolicyFactory.Make("a", "Encrypt", "a.example")]).Document, "m", "mail");

        Assert.True(PolicyConfigMap.UpToDate(one, same));
        Assert.False(PolicyConfigMap.UpToDate(one, other));
        Assert.False(PolicyConfigMap.UpToDate(null, one));
    }
}
