using System.IO.Compression;
using StrictMail.Operator.Compilation;
using StrictMail.Policy.Document;
using StrictMail.Policy.Lookup;

namespace StrictMail.Operator.Tests.Compilation;

public sealed class PolicyDocumentBuilderScaleTests
{
    private const int ConfigMapLimit = 1024 * 1024;

    [Fact]
    public void Compile_TenThousandPolicies_AllAcceptedAndGzipFitsInAConfigMap()
    {
        var levels = new[] { "Secure", "Verify", "Encrypt", "Opportunistic" };
        var policies = Enumerable.Range(0, 10_000).Select(i =>
        {
            var policy = PolicyFactory.Make($"partner-{i:D5}", levels[i % levels.Length], $"partner{i}.example", $".partner{i}.example");
            if (policy.Spec.Level == "Secure")
            {
                policy.Spec.MatchNames = [$".partner{i}.example"];
            }

            return policy;
        });

        var result = PolicyDocumentBuilder.Build(policies);
        var json = PolicyDocumentJson.Serialize(result.Document);
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(json);
        }

        Assert.All(result.Reports, r => Assert.True(r.Accepted && r.Conflicts.Count == 0, r.Name));
        Assert.Equal(10_000, result.Document.Policies.Count);
        Assert.True(gzipped.Length < ConfigMapLimit, $"gzip document is {gzipped.Length} bytes (raw {json.Length}); a ConfigMap holds {ConfigMapLimit}");
        var index = new PolicyIndex(PolicyDocumentJson.Deserialize(json));
        Assert.Equal("mail/partner-09999", index.Find("mx.partner9999.example").Policy.Name);
    }
}
