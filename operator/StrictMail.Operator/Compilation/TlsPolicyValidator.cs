using System.Text.RegularExpressions;
using StrictMail.Operator.Entities;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Operator.Compilation;

/// <summary>
/// Checks one TlsPolicy against <see cref="TlsPolicyRules"/> and, when it is valid, turns it into a
/// <see cref="CompiledPolicy"/> with every default filled in. Pure: no I/O, no clock.
/// </summary>
internal static partial class TlsPolicyValidator
{
    /// <summary>The compiled policy (null when invalid) and every problem found.</summary>
    public static (CompiledPolicy? Policy, IReadOnlyList<FieldError> Errors) Validate(TlsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<FieldError>();
        var spec = policy.Spec ?? new TlsPolicySpec();

        if (string.IsNullOrEmpty(policy.Metadata?.Name))
        {
            errors.Add(new("metadata.name", "a TlsPolicy needs a name"));
        }

        var domains = ValidateDomains(spec.Domains, errors);
        var level = ParseEnum<TlsLevel>(spec.Level, "spec.level", required: true, errors);
        var mode = ParseEnum<PolicyMode>(spec.Mode, "spec.mode", required: false, errors);
        var minTls = ParseEnum<TlsVersionFloor>(spec.MinTlsVersion, "spec.minTlsVersion", required: false, errors);
        var continuity = ParseEnum<ContinuityAction>(spec.StarttlsContinuity, "spec.starttlsContinuity", required: false, errors);
        var action = ParseEnum<FailureAction>(spec.OnFailure?.Action, "spec.onFailure.action", required: false, errors);
        var matchNames = ValidateList(spec.MatchNames, "spec.matchNames", TlsPolicyRules.MaxMatchNames, MatchName(), "a certificate name such as bank.example or .bank.example (lowercase)", errors);
        var fingerprints = ValidateList(spec.Fingerprints, "spec.fingerprints", TlsPolicyRules.MaxFingerprints, Fingerprint(), "sha256: followed by 64 lowercase hex digits", errors);
        var trustAnchors = ValidateTrustAnchors(spec.TrustAnchors, errors);
        var nextHop = ValidateNextHop(spec.NextHop, errors);
        var bounceAfter = ValidateBounceAfter(spec.OnFailure?.BounceAfter, errors);

        if (level is { } l)
        {
            CheckCrossFieldRules(spec, l, action, errors);
        }

        if (errors.Count > 0 || level is null)
        {
            return (null, errors);
        }

        return (new CompiledPolicy
        {
            Name = QualifiedName(policy),
            Domains = domains,
            Level = level.Value,
            Mode = mode ?? PolicyMode.Enforce,
            MatchNames = matchNames,
            Fingerprints = fingerprints,
            TrustAnchors = trustAnchors,
            MinTlsVersion = minTls ?? TlsVersionFloor.Tls12,
            DiscoverDane = spec.Discover?.Dane ?? true,
            DiscoverMtaSts = spec.Discover?.MtaSts ?? true,
            StarttlsContinuity = continuity ?? ContinuityAction.Allow,
            NextHop = nextHop,
            OnFailureAction = action ?? FailureAction.Defer,
            BounceAfterSeconds = bounceAfter,
            HonorTlsRequiredNo = spec.RequireTls?.HonorTlsRequiredNo ?? false,
        }, errors);
    }

    /// <summary>"namespace/name", with "default" for a policy that names no namespace (as kubectl would).</summary>
    public static string QualifiedName(TlsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ns = string.IsNullOrEmpty(policy.Metadata?.NamespaceProperty) ? "default" : policy.Metadata.NamespaceProperty;
        return $"{ns}/{policy.Metadata?.Name}";
    }

    private static void CheckCrossFieldRules(TlsPolicySpec spec, TlsLevel level, FailureAction? action, List<FieldError> errors)
    {
        if (level == TlsLevel.Fingerprint && (spec.Fingerprints is null || spec.Fingerprints.Count == 0))
        {
            errors.Add(new("spec.fingerprints", TlsPolicyRules.FingerprintsRequired));
        }

        if (level != TlsLevel.Fingerprint && spec.Fingerprints is { Count: > 0 })
        {
            errors.Add(new("spec.fingerprints", TlsPolicyRules.FingerprintsOnlyForFingerprint));
        }

        if (level != TlsLevel.Secure && spec.MatchNames is { Count: > 0 })
        {
            errors.Add(new("spec.matchNames", TlsPolicyRules.MatchNamesOnlyForSecure));
        }

        if (level is not (TlsLevel.Verify or TlsLevel.Secure) && spec.TrustAnchors is not null)
        {
            errors.Add(new("spec.trustAnchors", TlsPolicyRules.TrustAnchorsOnlyForChain));
        }

        if (level == TlsLevel.DaneOnly && spec.Discover?.Dane == false)
        {
            errors.Add(new("spec.discover.dane", TlsPolicyRules.DaneOnlyNeedsDane));
        }

        if (action == FailureAction.Bounce && spec.OnFailure?.BounceAfter is not null)
        {
            errors.Add(new("spec.onFailure.bounceAfter", TlsPolicyRules.BounceAfterOnlyForDefer));
        }
    }

    private static List<string> ValidateDomains(List<string>? domains, List<FieldError> errors)
    {
        if (domains is null || domains.Count == 0)
        {
            errors.Add(new("spec.domains", "at least one domain is required: an exact name, .suffix for subdomains, or '*' for the default"));
            return [];
        }

        if (domains.Count > TlsPolicyRules.MaxDomains)
        {
            errors.Add(new("spec.domains", $"at most {TlsPolicyRules.MaxDomains} domains per policy; split it into several policies"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < domains.Count; i++)
        {
            var domain = domains[i] ?? string.Empty;
            var path = $"spec.domains[{i}]";
            if (domain.Length > TlsPolicyRules.MaxNameLength || !FullMatch(Domain(), domain))
            {
                errors.Add(new(path, $"'{domain}' is not a domain: write an exact lowercase name (bank.example), a leading dot for every subdomain (.bank.example), or '*'"));
            }
            else if (!seen.Add(domain))
            {
                errors.Add(new(path, $"'{domain}' is listed twice"));
            }
        }

        if (seen.Contains("*") && domains.Count > 1)
        {
            errors.Add(new("spec.domains", TlsPolicyRules.StarAlone));
        }

        return seen.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> ValidateList(List<string>? items, string path, int maxItems, Regex shape, string expected, List<FieldError> errors)
    {
        if (items is null)
        {
            return [];
        }

        if (items.Count > maxItems)
        {
            errors.Add(new(path, $"at most {maxItems} entries"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item || item.Length > TlsPolicyRules.MaxNameLength || !FullMatch(shape, item))
            {
                errors.Add(new($"{path}[{i}]", $"'{items[i]}' is not valid: expected {expected}"));
            }
            else if (!seen.Add(item))
            {
                errors.Add(new($"{path}[{i}]", $"'{item}' is listed twice"));
            }
        }

        return seen.Order(StringComparer.Ordinal).ToList();
    }

    private static TrustAnchorRef? ValidateTrustAnchors(TrustAnchorsSpec? anchors, List<FieldError> errors)
    {
        if (anchors is null)
        {
            return null;
        }

        var ok = true;
        if (string.IsNullOrEmpty(anchors.SecretName) || anchors.SecretName.Length > TlsPolicyRules.MaxNameLength || !FullMatch(SecretName(), anchors.SecretName))
        {
            errors.Add(new("spec.trustAnchors.secretName", $"'{anchors.SecretName}' is not a Secret name: lowercase letters, digits, '-' and '.'"));
            ok = false;
        }

        if (string.IsNullOrEmpty(anchors.Key) || anchors.Key.Length > TlsPolicyRules.MaxNameLength || !FullMatch(SecretKey(), anchors.Key))
        {
            errors.Add(new("spec.trustAnchors.key", $"'{anchors.Key}' is not a Secret key: letters, digits, '-', '_' and '.'"));
            ok = false;
        }

        return ok ? new TrustAnchorRef(anchors.SecretName, anchors.Key) : null;
    }

    private static string? ValidateNextHop(string? nextHop, List<FieldError> errors)
    {
        if (nextHop is null)
        {
            return null;
        }

        if (nextHop.Length > TlsPolicyRules.MaxNextHopLength)
        {
            errors.Add(new("spec.nextHop", $"is longer than {TlsPolicyRules.MaxNextHopLength} characters"));
            return null;
        }

        var normalized = NextHopParser.TryNormalize(nextHop, out var problem);
        if (problem is not null)
        {
            errors.Add(new("spec.nextHop", problem));
        }

        return normalized;
    }

    private static long? ValidateBounceAfter(string? text, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        var seconds = text.Length > TlsPolicyRules.MaxDurationLength ? null : DurationParser.TryParseSeconds(text);
        if (seconds is null or <= 0)
        {
            errors.Add(new("spec.onFailure.bounceAfter", $"'{text}' is not a positive duration: write e.g. 24h, 90m or 2d"));
        }

        return seconds;
    }

    private static TEnum? ParseEnum<TEnum>(string? text, string path, bool required, List<FieldError> errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(new(path, $"is required: one of {string.Join(", ", WireNames.Of<TEnum>())}"));
            }

            return null;
        }

        if (WireNames.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        errors.Add(new(path, $"'{text}' is not one of {string.Join(", ", WireNames.Of<TEnum>())}"));
        return null;
    }

    // .NET's '$' also matches before a final newline; the API server's does not.
    private static bool FullMatch(Regex shape, string text) => !text.EndsWith('\n') && shape.IsMatch(text);

    [GeneratedRegex(TlsPolicyRules.DomainPattern)]
    private static partial Regex Domain();

    [GeneratedRegex(TlsPolicyRules.MatchNamePattern)]
    private static partial Regex MatchName();

    [GeneratedRegex(TlsPolicyRules.FingerprintPattern)]
    private static partial Regex Fingerprint();

    [GeneratedRegex(TlsPolicyRules.SecretNamePattern)]
    private static partial Regex SecretName();

    [GeneratedRegex(TlsPolicyRules.SecretKeyPattern)]
    private static partial Regex SecretKey();
}
