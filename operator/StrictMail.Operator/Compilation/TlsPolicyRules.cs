namespace StrictMail.Operator.Compilation;

/// <summary>
/// The validation rules of a TlsPolicy, in one place: the compiler enforces them and the CRD
/// repeats them (patterns and CEL messages); a test proves the two say the same thing.
/// </summary>
internal static class TlsPolicyRules
{
    /// <summary>One DNS label: lowercase letters, digits and inner hyphens, 1-63 characters.</summary>
    private const string Label = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    /// <summary>A host name of lowercase labels.</summary>
    private const string Host = "(" + Label + "\\.)*" + Label;

    /// <summary>spec.domains[*]: "*", an exact name, or a leading dot for every subdomain.</summary>
    public const string DomainPattern = "^(\\*|\\.?" + Host + ")$";

    /// <summary>spec.matchNames[*]: an exact name, or a leading dot for every subdomain.</summary>
    public const string MatchNamePattern = "^\\.?" + Host + "$";

    /// <summary>spec.fingerprints[*]: a SHA-256 digest in lowercase hex.</summary>
    public const string FingerprintPattern = "^sha256:[0-9a-f]{64}$";

    /// <summary>spec.trustAnchors.secretName: a DNS-1123 subdomain, as Kubernetes requires of Secret names.</summary>
    public const string SecretNamePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>spec.trustAnchors.key: a Secret data key.</summary>
    public const string SecretKeyPattern = "^[-._a-zA-Z0-9]+$";

    /// <summary>spec.nextHop: "[host]:port", "[ip]:port", "host:port", or without the port.</summary>
    public const string NextHopPattern = "^(\\[(" + Host + "|[0-9a-fA-F:.]+)\\]|" + Host + ")(:[0-9]{1,5})?$";

    /// <summary>spec.onFailure.bounceAfter: a duration of days, hours, minutes and seconds, e.g. 1d12h.</summary>
    public const string DurationPattern = "^([0-9]+[dhms])+$";

    /// <summary>The most domains one policy may list (keeps the CRD's CEL cost bounded).</summary>
    public const int MaxDomains = 1000;

    /// <summary>The longest domain name.</summary>
    public const int MaxNameLength = 253;

    /// <summary>The most entries of spec.matchNames.</summary>
    public const int MaxMatchNames = 100;

    /// <summary>The most entries of spec.fingerprints.</summary>
    public const int MaxFingerprints = 32;

    /// <summary>The longest spec.nextHop: a bracketed name and a port.</summary>
    public const int MaxNextHopLength = 261;

    /// <summary>The longest spec.onFailure.bounceAfter.</summary>
    public const int MaxDurationLength = 32;

    public const string StarAlone = "'*' (the default policy) must be the only entry of domains";
    public const string FingerprintsRequired = "level Fingerprint needs at least one entry in fingerprints";
    public const string FingerprintsOnlyForFingerprint = "fingerprints is only used at level Fingerprint; remove it or set level: Fingerprint";
    public const string MatchNamesOnlyForSecure = "matchNames is only used at level Secure; remove it or set level: Secure";
    public const string TrustAnchorsOnlyForChain = "trustAnchors is only used at level Verify or Secure, which check the certificate chain";
    public const string DaneOnlyNeedsDane = "level DaneOnly needs discover.dane; remove discover.dane: false";
    public const string BounceAfterOnlyForDefer = "bounceAfter is only used with action Defer";
}
