using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using StrictMail.Operator.Compilation;
using StrictMail.Policy.Lookup;

namespace StrictMail.Bench.Operator;

/// <summary>The relay's policy lookup per message against 10,000 compiled policies: an exact name, a subdomain, and no match.</summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1515:Consider making public types internal", Justification = "BenchmarkDotNet needs public, unsealed benchmark classes.")]
public class LookupBenchmarks
{
    private PolicyIndex _index = null!;

    [GlobalSetup]
    public void Setup() => _index = new PolicyIndex(PolicyDocumentBuilder.Build(BenchPolicies.Make(10_000)).Document);

    [Benchmark]
    public PolicyMatch Exact() => _index.Find("partner4711.example");

    [Benchmark]
    public PolicyMatch Subdomain() => _index.Find("mx1.mail.partner4711.example");

    [Benchmark]
    public PolicyMatch NoMatch() => _index.Find("mx.somewhere-else.example.org");
}
