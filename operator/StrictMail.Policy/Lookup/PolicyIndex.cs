using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Policy.Lookup;

/// <summary>
/// Answers "which policy governs this recipient domain": the exact name first, then the longest
/// ".suffix", then "*", then the built-in default. One dictionary probe per label, no allocation.
/// </summary>
public sealed class PolicyIndex
{
    /// <summary>The key reported when no policy matched and the built-in default applies.</summary>
    public const string BuiltInKey = "(built-in default)";

    /// <summary>The default without any "*" policy: Opportunistic with DANE and MTA-STS discovery on.</summary>
    public static readonly CompiledPolicy BuiltInDefault = new()
    {
        Name = "builtin/default",
        Domains = [],
        Level = TlsLevel.Opportunistic,
        DiscoverDane = true,
        DiscoverMtaSts = true,
    };

    private readonly Dictionary<string, PolicyMatch>.AlternateLookup<ReadOnlySpan<char>> _keys;
    private readonly PolicyMatch _fallback;

    public PolicyIndex(PolicyDocument document)
        : this(document, StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>For tests that count probes: <paramref name="comparer"/> must compare case-insensitively and accept spans.</summary>
    internal PolicyIndex(PolicyDocument document, IEqualityComparer<string> comparer)
    {
        ArgumentNullException.ThrowIfNull(document);
        var keys = new Dictionary<string, PolicyMatch>(comparer);
        _fallback = new PolicyMatch(BuiltInDefault, BuiltInKey);
        foreach (var policy in document.Policies)
        {
            foreach (var domain in policy.Domains)
            {
                if (domain == "*")
                {
                    _fallback = new PolicyMatch(policy, domain);
                }
                else
                {
                    keys[domain] = new PolicyMatch(policy, domain);
                }
            }
        }

        _keys = keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The policy for <paramref name="domain"/> (case-insensitive; a trailing dot is ignored).</summary>
    public PolicyMatch Find(ReadOnlySpan<char> domain)
    {
        if (domain.EndsWith('.'))
        {
            domain = domain[..^1];
        }

        if (domain.IsEmpty)
        {
            return _fallback;
        }

        if (_keys.TryGetValue(domain, out var exact) && exact.Key[0] != '.')
        {
            return exact;
        }

        // Each suffix starting at a dot is a ".parent" key; the first found is the longest.
        for (var dot = domain.IndexOf('.'); dot >= 0; dot = NextDot(domain, dot))
        {
            if (_keys.TryGetValue(domain[dot..], out var suffix))
            {
                return suffix;
            }
        }

        return _fallback;
    }

    private static int NextDot(ReadOnlySpan<char> domain, int dot)
    {
        var next = domain[(dot + 1)..].IndexOf('.');
        return next < 0 ? -1 : dot + 1 + next;
    }
}
