using StrictMail.Policy.Lookup;
using StrictMail.Policy.Model;

namespace StrictMail.Policy.Tests.Lookup;

public sealed class PolicyIndexTests
{
    private static readonly PolicyIndex Index = new(TestPolicies.Document(
        TestPolicies.Make("mail/bank", TlsLevel.Secure, "bank.example"),
        TestPolicies.Make("mail/bank-subs", TlsLevel.Encrypt, ".bank.example"),
        TestPolicies.Make("mail/bank-eu", TlsLevel.Verify, ".eu.bank.example"),
        TestPolicies.Make("mail/default", TlsLevel.Opportunistic, "*")));

    [Theory]
    [InlineData("bank.example", "mail/bank", "bank.example")]
    [InlineData("BANK.Example.", "mail/bank", "bank.example")]
    [InlineData("mx.bank.example", "mail/bank-subs", ".bank.example")]
    [InlineData("eu.bank.example", "mail/bank-subs", ".bank.example")]
    [InlineData("a.eu.bank.example", "mail/bank-eu", ".eu.bank.example")]
    [InlineData("b.a.eu.bank.example", "mail/bank-eu", ".eu.bank.example")]
    [InlineData("notbank.example", "mail/default", "*")]
    [InlineData("example", "mail/default", "*")]
    [InlineData("", "mail/default", "*")]
    public void Find_Domain_ReturnsMostSpecificPolicy(string domain, string policy, string key)
    {
        var match = Index.Find(domain);

        Assert.Equal(policy, match.Policy.Name);
        Assert.Equal(key, match.Key);
    }

    [Fact]
    public void Find_NoStarPolicy_ReturnsBuiltInOpportunisticWithDiscovery()
    {
        var index = new PolicyIndex(TestPolicies.Document(TestPolicies.Make("mail/bank", TlsLevel.Secure, "bank.example")));

        var match = index.Find("other.example");

        Assert.Equal(PolicyIndex.BuiltInKey, match.Key);
        Assert.Equal(TlsLevel.Opportunistic, match.Policy.Level);
        Assert.True(match.Policy.DiscoverDane);
        Assert.True(match.Policy.DiscoverMtaSts);
    }

    [Theory]
    [InlineData("bank.example", 1)]
    [InlineData("mx.bank.example", 2)]
    [InlineData("a.b.c.d.e.f.example", 7)]
    [InlineData("unrelated.test", 2)]
    public void Find_AnyDomain_ProbesAtMostOncePerLabel(string domain, int labels)
    {
        var comparer = new CountingComparer();
        var index = new PolicyIndex(TestPolicies.Document(
            TestPolicies.Make("mail/bank", TlsLevel.Secure, "bank.example", ".bank.example"),
            TestPolicies.Make("mail/default", TlsLevel.Opportunistic, "*")), comparer);

        comparer.SpanProbes = 0;
        index.Find(domain);

        Assert.InRange(comparer.SpanProbes, 1, labels);
    }

    [Fact]
    public void Find_LookupOfKnownDomain_AllocatesNothing()
    {
        Index.Find("x.eu.bank.example");
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 100; i++)
        {
            Index.Find("x.eu.bank.example");
            Index.Find("Unknown.Example.");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
