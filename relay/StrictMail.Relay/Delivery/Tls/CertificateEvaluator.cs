// Trust: the certificate comes from the MX (untrusted); only the expectation (policy, names, pins, anchors) and the
// local trust store decide, never anything the server or DNS says about itself.
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// The certificate decision, in our own code rather than SslStream's defaults: builds the chain
/// against the system roots or the policy's trust anchors (no network: revocation is not
/// checked), then checks the names or pins the level asks for. Deterministic for a given clock.
/// </summary>
internal sealed class CertificateEvaluator(TimeProvider clock)
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Decides whether <paramref name="certificate"/> satisfies <paramref name="expected"/>, which holds every other input of the decision.</summary>
    /// <param name="certificate">The server's certificate and intermediates.</param>
    /// <param name="expected">The level, names, pins and trust anchors the session must satisfy.</param>
    public CertificateVerdict Evaluate(ServerCertificate certificate, CertificateExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(expected);
        // DANE first: where the host publishes signed TLSA, the certificate must match one, whatever else the level checks.
        var dane = expected.Dane is { } records ? CheckDane(certificate, records) : null;
        if (dane is { Ok: false })
        {
            return dane;
        }

        return expected.Level switch
        {
            TlsLevel.Fingerprint => CheckPins(certificate, expected.Pins),
            TlsLevel.Verify or TlsLevel.Secure => CheckChain(certificate, expected.Anchors) ?? CheckNames(certificate, expected.Patterns, expected.PatternSource),

            // Fail closed: DaneOnly without usable TLSA records has nothing to authenticate with.
            > TlsLevel.Secure => dane ?? CertificateVerdict.Fail(DowngradeResultType.DaneRequired, $"level {expected.Level} needs DNSSEC-signed TLSA records for this host, and it has none usable"),
            _ => dane ?? CertificateVerdict.Unchecked,
        };
    }

    private CertificateVerdict CheckDane(ServerCertificate certificate, DaneExpectation dane)
    {
        var match = TlsaMatcher.Match(dane.Records, certificate, dane.ReferenceNames, clock.GetUtcNow().UtcDateTime);
        return match.Matched
            ? CertificateVerdict.Pass($"TLSA {match.Record} for {dane.BaseDomain}", $"DANE: {match.Reason}")
            : CertificateVerdict.Fail(
                DowngradeResultType.TlsaInvalid,
                $"DANE: the recipient's DNSSEC-signed TLSA records for {dane.BaseDomain} do not match the certificate the server presented ({match.Reason})");
    }

    private static CertificateVerdict CheckPins(ServerCertificate certificate, IReadOnlyList<string> pins)
    {
        foreach (var digest in new[] { certificate.PublicKeyDigest, certificate.CertificateDigest })
        {
            if (pins.Contains(digest, StringComparer.OrdinalIgnoreCase))
            {
                return CertificateVerdict.Pass(digest, $"the certificate matches the pin {digest}");
            }
        }

        return CertificateVerdict.Fail(
            DowngradeResultType.CertificateNotTrusted,
            $"no pinned fingerprint matches the certificate (public key {certificate.PublicKeyDigest}, certificate {certificate.CertificateDigest})");
    }

    private CertificateVerdict? CheckChain(ServerCertificate certificate, X509Certificate2Collection? trustAnchors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        chain.ChainPolicy.ExtraStore.AddRange(certificate.Intermediates.ToArray());
        if (trustAnchors is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trustAnchors);
        }

        if (chain.Build(certificate.Leaf))
        {
            return null;
        }

        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var subject = certificate.Leaf.Subject;
        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            return CertificateVerdict.Fail(
                DowngradeResultType.CertificateExpired,
                $"the certificate of {subject} is outside its validity ({certificate.Leaf.NotBefore:u} to {certificate.Leaf.NotAfter:u}) or its chain is");
        }

        var statuses = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        var roots = trustAnchors is null ? "the system's trusted roots" : "the policy's trustAnchors";
        return CertificateVerdict.Fail(DowngradeResultType.CertificateNotTrusted, $"the certificate of {subject} does not chain to {roots} ({statuses})");
    }

    private static CertificateVerdict CheckNames(ServerCertificate certificate, IReadOnlyList<string> patterns, string what)
    {
        // An IP literal (a nextHop such as "[192.0.2.1]:25") is matched against iPAddress entries only, as RFC 6125 says;
        // a DNS name that happens to spell the address does not count.
        var addresses = patterns.Select(p => IPAddress.TryParse(p.Trim('[', ']'), out var a) ? a : null).OfType<IPAddress>().ToList();
        if (addresses.Count > 0 && addresses.Count == patterns.Count)
        {
            var certified = certificate.IpAddresses;
            return addresses.FirstOrDefault(certified.Contains) is { } matched
                ? CertificateVerdict.Pass(matched.ToString(), $"the certificate address {matched} matches {what}")
                : CertificateVerdict.Fail(
                    DowngradeResultType.CertificateHostMismatch,
                    $"the certificate addresses ({string.Join(", ", certified)}) do not match {what} ({string.Join(", ", patterns)})");
        }

        var names = certificate.DnsNames;
        var match = CertificateNameMatcher.FirstMatch(names, patterns);
        return match is not null
            ? CertificateVerdict.Pass(match, $"the certificate name {match} matches {what}")
            : CertificateVerdict.Fail(
                DowngradeResultType.CertificateHostMismatch,
                $"the certificate names ({string.Join(", ", names)}) do not match {what} ({string.Join(", ", patterns)})");
    }
}
