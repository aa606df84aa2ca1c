using System.Security.Cryptography.X509Certificates;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// Everything the certificate decision depends on besides the certificate and the clock: the level,
/// the names the certificate must carry, the pins, the trust anchors and the host's TLSA records. <see cref="CertificateEvaluator"/>
/// reads nothing else, so two sessions with equal expectations get the same verdict for the same
/// certificate; that is what lets the connection pool key sessions by it. Equality is by value,
/// except the trust anchors, which compare by identity: the store hands out a new collection when
/// the file's content changes and the same one while it does not.
/// </summary>
internal sealed class CertificateExpectation : IEquatable<CertificateExpectation>
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    private CertificateExpectation(TlsLevel level, IReadOnlyList<string> patterns, string patternSource, IReadOnlyList<string> pins, X509Certificate2Collection? anchors, DaneExpectation? dane = null)
    {
        Dane = dane;
        Level = level;
        Patterns = patterns;
        PatternSource = patternSource;
        Pins = pins;
        Anchors = anchors;
    }

    /// <summary>The level the certificate is checked for; levels below Fingerprint check nothing.</summary>
    public TlsLevel Level { get; }

    /// <summary>The names (exact or ".suffix") one of which the certificate must carry; empty when names are not checked.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Where the names came from, for a human: "the MX host name x" or "matchNames".</summary>
    public string PatternSource { get; }

    /// <summary>Pinned digests at Fingerprint; empty otherwise.</summary>
    public IReadOnlyList<string> Pins { get; }

    /// <summary>The private CA the chain must end in, or null for the system roots (Verify and Secure only).</summary>
    public X509Certificate2Collection? Anchors { get; }

    /// <summary>The DNSSEC-signed TLSA records the certificate must also match; null when DANE does not apply to the host.</summary>
    public DaneExpectation? Dane { get; }

    /// <summary>What a delivery to <paramref name="domain"/> through <paramref name="mxHost"/> must see under <paramref name="policy"/> at <paramref name="level"/>.</summary>
    /// <param name="policy">The governing policy (matchNames, fingerprints).</param>
    /// <param name="level">The effective level.</param>
    /// <param name="mxHost">The MX host name the relay looked up (what Verify checks).</param>
    /// <param name="domain">The recipient domain (Secure's default names: the domain and its subdomains).</param>
    /// <param name="anchors">The policy's private CA certificates, or null for the system roots.</param>
    /// <param name="dane">The host's usable TLSA records, or null when DANE does not apply.</param>
    public static CertificateExpectation For(CompiledPolicy policy, TlsLevel level, string mxHost, string domain, X509Certificate2Collection? anchors, DaneExpectation? dane = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return level switch
        {
            TlsLevel.Fingerprint => new(level, [], string.Empty, policy.Fingerprints, null, dane),
            TlsLevel.Verify => ForHost(mxHost, anchors, dane),
            TlsLevel.Secure when policy.MatchNames.Count > 0 => new(level, policy.MatchNames, "matchNames", [], anchors, dane),
            TlsLevel.Secure => new(level, [Normalize(domain), "." + Normalize(domain)], "matchNames", [], anchors, dane),
            _ => new(level, [], string.Empty, [], null, dane),
        };
    }

    /// <summary>Verify for <paramref name="host"/>: a chain to the system roots (or <paramref name="anchors"/>) and that host name (also what an MTA-STS policy host must show).</summary>
    public static CertificateExpectation ForHost(string host, X509Certificate2Collection? anchors, DaneExpectation? dane = null, string role = "MX")
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        return new(TlsLevel.Verify, [Normalize(host)], $"the {role} host name {Normalize(host)}", [], anchors, dane);
    }

    public bool Equals(CertificateExpectation? other) =>
        other is not null && Level == other.Level && ReferenceEquals(Anchors, other.Anchors) && Equals(Dane, other.Dane)
        && Patterns.SequenceEqual(other.Patterns, Names) && Pins.SequenceEqual(other.Pins, Names);

    public override bool Equals(object? obj) => Equals(obj as CertificateExpectation);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Level);
        foreach (var pattern in Patterns)
        {
            hash.Add(pattern, Names);
        }

        hash.Add(Pins.Count);
        hash.Add(Dane);
        hash.Add(Anchors is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Anchors));
        return hash.ToHashCode();
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
