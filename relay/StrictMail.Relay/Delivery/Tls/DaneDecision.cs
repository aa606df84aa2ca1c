using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// The one place DANE changes the level for an MX host (RFC 7672 2.2, DESIGN.md: raised, never lowered). With
/// discover.dane (the default) or level DaneOnly: usable TLSA makes the certificate match a record (on top of any check
/// the policy's own level makes) and TLS mandatory; TLSA that is all unusable makes TLS mandatory without authentication;
/// a failed TLSA lookup of a signed host refuses the host (dnssec-invalid), never falls back. DaneOnly refuses a host
/// without usable TLSA (dane-required). Failed lookups and a missing or non-validating resolver are temporary (retry,
/// never bounce). mode Testing never refuses here: the shortfall is counted as allowed and the session goes ahead. Pure.
/// </summary>
internal static class DaneDecision
{
    public static HostPlan For(CompiledPolicy policy, TlsLevel level, DaneHost host)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(host);
        var testing = policy.Mode == PolicyMode.Testing;
        var daneOnly = level == TlsLevel.DaneOnly;
        if (!daneOnly && !policy.DiscoverDane)
        {
            return new HostPlan(level, null, null, "DANE discovery is off for this policy");
        }

        return host.State switch
        {
            DaneHostState.Usable => new HostPlan(Raise(level), host.Expectation, null, host.Detail),
            DaneHostState.Failed => Refuse(level, DowngradeResultType.DnssecInvalid, $"DANE: {host.Detail}; the host is not used without its TLSA records", testing, temporary: true),
            DaneHostState.Unusable when daneOnly => Refuse(level, DowngradeResultType.DaneRequired, $"the policy requires DANE, and {host.Detail}", testing, temporary: false),
            DaneHostState.Unusable => new HostPlan(Raise(level), null, null, $"{host.Detail}: TLS is mandatory, the certificate is not authenticated (RFC 7672 2.2)"),
            DaneHostState.Unavailable when daneOnly => Refuse(level, DowngradeResultType.DaneRequired, $"the policy requires DANE, and {host.Detail}", testing, temporary: true),
            _ when daneOnly => Refuse(level, DowngradeResultType.DaneRequired, $"the policy requires DANE, and {host.Detail}", testing, temporary: false),
            _ => new HostPlan(level, null, null, host.Detail),
        };
    }

    // In Testing the shortfall is counted as allowed and the session goes ahead at the floor.
    // (DaneOnly in Testing goes ahead at Encrypt: the evaluator would otherwise count the same shortfall again.)
    private static HostPlan Refuse(TlsLevel level, string resultType, string detail, bool testing, bool temporary) =>
        new(testing && level == TlsLevel.DaneOnly ? TlsLevel.Encrypt : level, null, resultType, detail, Blocked: !testing, Temporary: temporary);

    // DANE makes TLS mandatory; a level that already checks more keeps its own checks as well.
    private static TlsLevel Raise(TlsLevel level) => level < TlsLevel.Encrypt ? TlsLevel.Encrypt : level;
}
