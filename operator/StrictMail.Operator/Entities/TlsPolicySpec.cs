using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using StrictMail.Policy.Model;

namespace StrictMail.Operator.Entities;

/// <summary>The desired protection for mail to some recipient domains.</summary>
public sealed class TlsPolicySpec
{
    /// <summary>Recipient domains: an exact name, a leading dot for every subdomain, or "*" alone for the default policy.</summary>
    [Required]
    [JsonPropertyName("domains")]
    public List<string> Domains { get; set; } = [];

    /// <summary>The floor: None, Opportunistic, Encrypt, Fingerprint, Verify, Secure or DaneOnly.</summary>
    [Required]
    [WireEnum(typeof(TlsLevel))]
    [JsonPropertyName("level")]
    public string Level { get; set; } = string.Empty;

    /// <summary>Enforce (default) refuses deliveries that fail the policy; Testing delivers anyway and counts what would have failed.</summary>
    [WireEnum(typeof(PolicyMode))]
    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    /// <summary>Names the certificate must carry at level Secure (exact, or leading dot for subdomains); default: the recipient domain and its subdomains.</summary>
    [JsonPropertyName("matchNames")]
    public List<string>? MatchNames { get; set; }

    /// <summary>Pinned digests "sha256:&lt;64 hex&gt;" of the server certificate or its public key (SPKI); required at level Fingerprint.</summary>
    [JsonPropertyName("fingerprints")]
    public List<string>? Fingerprints { get; set; }

    /// <summary>A private CA (PEM in a Secret key) to trust instead of the system roots, at level Verify or Secure.</summary>
    [JsonPropertyName("trustAnchors")]
    public TrustAnchorsSpec? TrustAnchors { get; set; }

    /// <summary>The oldest TLS version accepted: TLS1.2 (default) or TLS1.3.</summary>
    [WireEnum(typeof(TlsVersionFloor))]
    [JsonPropertyName("minTlsVersion")]
    public string? MinTlsVersion { get; set; }

    /// <summary>Published policies (DANE, MTA-STS) that may raise the level, never lower it; both on by default.</summary>
    [JsonPropertyName("discover")]
    public DiscoverSpec? Discover { get; set; }

    /// <summary>Allow (default) or Defer: what to do when an MX host that offered STARTTLS before stops offering it (a suspected downgrade, always counted).</summary>
    [WireEnum(typeof(ContinuityAction))]
    [JsonPropertyName("starttlsContinuity")]
    public string? StarttlsContinuity { get; set; }

    /// <summary>Route override "[host]:port" or "host:port" (port default 25); skips the MX lookup.</summary>
    [JsonPropertyName("nextHop")]
    public string? NextHop { get; set; }

    /// <summary>What happens to a message whose delivery the policy refuses.</summary>
    [JsonPropertyName("onFailure")]
    public OnFailureSpec? OnFailure { get; set; }

    /// <summary>How the RFC 8689 "TLS-Required: No" header is treated.</summary>
    [JsonPropertyName("requireTls")]
    public RequireTlsSpec? RequireTls { get; set; }
}
