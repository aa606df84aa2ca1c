using System.IO.Compression;
using System.Text;
using StrictMail.Operator.Controller;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>The policy document the harness's ConfigMap carries (data as JSON, or gzip in binaryData).</summary>
internal static class ConfigMapDocument
{
    public static PolicyDocument Read(OperatorHarness harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var map = harness.ConfigMap() ?? throw new Xunit.Sdk.XunitException("The operator wrote no policy ConfigMap.");
        var bytes = map.Data is { } data && data.TryGetValue(PolicyConfigMap.Key, out var text)
            ? Encoding.UTF8.GetBytes(text)
            : Decompress(map.BinaryData[PolicyConfigMap.Key]);
        return PolicyDocumentJson.Deserialize(bytes);
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
