using System.Text;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Tests.Hosting;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Tests.Controller;

/// <summary>The operator as `run` builds it, against the fake API server over HTTP with the real KubernetesClient.</summary>
public sealed class TlsPolicyControllerEndToEndTests
{
    private static TlsPolicySpec Spec(string level, params string[] domains) => new() { Level = level, Domains = [.. domains] };

    private static PolicyDocument Document(OperatorHarness harness)
    {
        var map = harness.ConfigMap() ?? throw new Xunit.Sdk.XunitException("no ConfigMap");
        var bytes = map.Data is { } data && data.TryGetValue(PolicyConfigMap.Key, out var text)
            ? Encoding.UTF8.GetBytes(text)
            : Decompress(map.BinaryData[PolicyConfigMap.Key]);
        return PolicyDocumentJson.Deserialize(bytes);
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task Apply_Policy_ConfigMapCarriesItAndConditionsSayAcceptedNotApplied()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.StartOperatorAsync();

        await harness.ApplyAsync("bank", Spec("Secure", "bank.example"));

        await harness.WaitForConditionAsync("bank", PolicyConditionTypes.Accepted, "True");
        var document = Document(harness);
        var compiled = Assert.Single(document.Policies);
        Assert.Equal("mail/bank", compiled.Name);
        Assert.Equal(["bank.example"], compiled.Domains);
        var policy = harness.Policy("bank")!;
        Assert.Equal(document.Revision, harness.ConfigMap()!.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
        Assert.Equal(1, policy.Status!.ObservedGeneration);
        Assert.Equal(document.Revision, policy.Status.Revision);
        Assert.Equal("False", harness.Condition("bank", PolicyConditionTypes.Applied)!.Status);
        Assert.Equal(PolicyConditionTypes.NoRelaysReason, harness.Condition("bank", PolicyConditionTypes.Ready)!.Reason);
        Assert.Equal("False", harness.Condition("bank", PolicyConditionTypes.Conflict)!.Status);
    }
}
