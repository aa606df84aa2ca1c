using System.Globalization;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery.Routing;

/// <summary>
/// Finds what DANE asks of one MX host (RFC 7672 2.2): only through trusted validating resolvers, only for a host whose
/// address records are signed; TLSA at "_port._tcp" of the CNAME expansion first, then of the host name itself (2.2.3).
/// Signed records, usable or not, decide; a signed absence means no DANE; an unsigned answer means no DANE; a failed
/// lookup means the host must not be used.
/// </summary>
internal sealed class DaneHostResolver(MxResolver resolver, DnssecHealth health)
{
    public async Task<DaneHost> ForAsync(MxTarget target, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!resolver.TrustsDnssec)
        {
            return new DaneHost(DaneHostState.Unavailable, "no trusted validating resolver is configured (Relay:Delivery:DnssecResolvers), so no TLSA record counts");
        }

        if (health.Verdict is { State: DnssecState.NotValidating } verdict)
        {
            // Answers without AD would make the host look unsigned: say so rather than judge DANE on them.
            return new DaneHost(DaneHostState.Unavailable, $"the trusted resolvers do not validate DNSSEC now ({verdict.Detail})");
        }

        if (!target.AddressesSecure)
        {
            return DaneHost.NotApplicable($"the address records of {target.HostName} are not DNSSEC-signed, so DANE does not apply");
        }

        var names = target.CanonicalName is { } canonical ? new[] { canonical, target.HostName } : [target.HostName];
        foreach (var baseDomain in names)
        {
            var owner = string.Create(CultureInfo.InvariantCulture, $"_{target.Port}._tcp.{baseDomain}");
            var (answer, secure, records, detail) = await resolver.TlsaAsync(owner, cancellation).ConfigureAwait(false);
            if (answer == DnsAnswer.TemporaryFailure)
            {
                return new DaneHost(DaneHostState.Failed, $"the TLSA lookup of {owner} failed ({detail}): a signed host's TLSA records may be bogus or unreachable");
            }

            if (!secure)
            {
                return DaneHost.NotApplicable($"the TLSA answer for {owner} is not DNSSEC-signed, so DANE does not apply");
            }

            if (answer != DnsAnswer.Records)
            {
                continue;
            }

            var usable = TlsaUsability.Usable(records);
            if (usable.Count == 0)
            {
                var why = string.Join("; ", records.Select(r => $"{r}: {TlsaUsability.Problem(r) ?? "superseded by a stronger digest"}"));
                return new DaneHost(DaneHostState.Unusable, $"every TLSA record at {owner} is unusable ({why})");
            }

            var references = new[] { baseDomain, target.HostName }.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            return new DaneHost(
                DaneHostState.Usable,
                $"{usable.Count} usable DNSSEC-signed TLSA record(s) at {owner}: {string.Join(", ", usable)}",
                new DaneExpectation(usable, baseDomain, references));
        }

        return DaneHost.NotApplicable($"{target.HostName} publishes no TLSA records (DNSSEC-authenticated absence), so DANE does not apply");
    }
}
