using System.Net;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>Everything needed to open one policy-approved session to one MX address.</summary>
internal sealed class SessionRequest
{
    /// <param name="mxHost">The MX name: sent as SNI and checked by Verify.</param>
    /// <param name="endpoint">The address and port to connect to.</param>
    /// <param name="domain">The recipient domain: Secure's default names.</param>
    /// <param name="policy">The governing policy.</param>
    /// <param name="level">The effective level.</param>
    /// <param name="trustAnchors">The policy's private CA, or null for the system roots.</param>
    /// <param name="dane">The host's usable TLSA records, or null when DANE does not apply.</param>
    /// <param name="sts">The domain's MTA-STS policy as it governs this host, or null.</param>
    /// <param name="requireTls">The message asked for REQUIRETLS: no Testing leniency, and the next hop must offer REQUIRETLS.</param>
    public SessionRequest(string mxHost, IPEndPoint endpoint, string domain, CompiledPolicy policy, TlsLevel level, X509Certificate2Collection? trustAnchors, DaneExpectation? dane = null, StsHostRule? sts = null, bool requireTls = false)
    {
        RequireTls = requireTls;
        MxHost = mxHost;
        Endpoint = endpoint;
        Domain = domain;
        Policy = policy;
        Level = level;
        Certificate = CertificateExpectation.For(policy, level, mxHost, domain, trustAnchors, dane);
        Sts = sts;

        // MTA-STS testing over a level that checks no certificate: what enforce would check, evaluated and counted, never refusing.
        StsAudit = sts is { Enforced: false, Pattern: not null } && level < TlsLevel.Fingerprint ? CertificateExpectation.ForHost(mxHost, trustAnchors) : null;
        Key = new SessionKey(endpoint, mxHost, policy, Certificate, sts?.Mode, StsAudit, requireTls);
    }

    public string MxHost { get; }

    public IPEndPoint Endpoint { get; }

    public string Domain { get; }

    public CompiledPolicy Policy { get; }

    public TlsLevel Level { get; }

    /// <summary>What the server's certificate must satisfy: the only input of the certificate decision besides the certificate.</summary>
    public CertificateExpectation Certificate { get; }

    /// <summary>The domain's MTA-STS policy as it governs this host, or null.</summary>
    public StsHostRule? Sts { get; }

    /// <summary>Under an MTA-STS policy in mode testing: the certificate check an enforced one would make, counted as allowed when it fails; else null.</summary>
    public CertificateExpectation? StsAudit { get; }

    /// <summary>The message asked for REQUIRETLS (RFC 8689).</summary>
    public bool RequireTls { get; }

    /// <summary>The policy's mode Testing lets a failing session through, except for a REQUIRETLS message, which the sender's word governs.</summary>
    public bool Testing => Policy.Mode == PolicyMode.Testing && !RequireTls;

    /// <summary>The pool key: a session is reused only for a request with an equal key.</summary>
    public SessionKey Key { get; }
}
