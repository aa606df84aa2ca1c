using k8s.Models;
using StrictMail.Operator.Entities;

namespace StrictMail.Bench.Operator;

/// <summary>The policy sets of the scale runs: a mix of levels, each with an exact domain and its subdomains (as the compiler scale test).</summary>
internal static class BenchPolicies
{
    private static readonly string[] Levels = ["Secure", "Verify", "Encrypt", "Opportunistic"];

    public static List<TlsPolicy> Make(int count) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var level = Levels[i % Levels.Length];
        return new TlsPolicy
        {
            ApiVersion = TlsPolicy.GroupVersion,
            Kind = TlsPolicy.EntityKind,
            Metadata = new V1ObjectMeta { Name = $"partner-{i:D5}", NamespaceProperty = "mail", CreationTimestamp = DateTime.UnixEpoch.AddSeconds(i) },
            Spec = new TlsPolicySpec
            {
                Level = level,
                Domains = [$"partner{i}.example", $".partner{i}.example"],
                MatchNames = level == "Secure" ? [$".partner{i}.example"] : null,
            },
        };
    })];
}
