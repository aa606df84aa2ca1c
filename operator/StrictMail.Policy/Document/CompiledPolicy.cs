using StrictMail.Policy.Model;

namespace StrictMail.Policy.Document;

/// <summary>One TlsPolicy after validation: everything a relay needs to deliver to its domains.</summary>
public sealed record CompiledPolicy
{
    /// <summary>"namespace/name" of the TlsPolicy; the label value in metrics.</summary>
    public required string Name { get; init; }

    /// <summary>The domain keys this policy won: exact names, ".suffix" for subdomains, or "*".</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>The floor for deliveries under this policy.</summary>
    public required TlsLevel Level { get; init; }

    /// <summary>Enforce, or Testing (deliver anyway, count what would have failed).</summary>
    public PolicyMode Mode { get; init; }

    /// <summary>Names the certificate must carry at level Secure (exact or ".suffix"); empty means the recipient domain and its subdomains.</summary>
    public IReadOnlyList<string> MatchNames { get; init; } = [];

    /// <summary>Pinned digests ("sha256:hex") of the certificate or its SPKI, at level Fingerprint.</summary>
    public IReadOnlyList<string> Fingerprints { get; init; } = [];

    /// <summary>A private CA to trust instead of the system roots; null uses the system roots.</summary>
    public TrustAnchorRef? TrustAnchors { get; init; }

    /// <summary>The oldest TLS version accepted.</summary>
    public TlsVersionFloor MinTlsVersion { get; init; }

    /// <summary>Whether DANE TLSA records may raise the level.</summary>
    public bool DiscoverDane { get; init; } = true;

    /// <summary>Whether an MTA-STS policy may raise the level.</summary>
    public bool DiscoverMtaSts { get; init; } = true;

    /// <summary>What to do when an MX host that offered STARTTLS before stops offering it.</summary>
    public ContinuityAction StarttlsContinuity { get; init; }

    /// <summary>"[host]:port" route override that skips the MX lookup; null resolves MX.</summary>
    public string? NextHop { get; init; }

    /// <summary>Defer (retry) or Bounce when the policy refuses a delivery.</summary>
    public FailureAction OnFailureAction { get; init; }

    /// <summary>Seconds after which a deferred message bounces; null uses the relay's maximum queue lifetime.</summary>
    public long? BounceAfterSeconds { get; init; }

    /// <summary>Whether an RFC 8689 "TLS-Required: No" header may lower this policy to Opportunistic.</summary>
    public bool HonorTlsRequiredNo { get; init; }
}
