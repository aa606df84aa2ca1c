using System.Net;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
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
    public SessionRequest(string mxHost, IPEndPoint endpoint, string domain, CompiledPolicy policy, TlsLevel level, X509Certificate2Collection? trustAnchors, DaneExpectation? dane = null)
    {
        MxHost = mxHost;
        Endpoint = endpoint;
        Domain = domain;
        Policy = policy;
        Level = level;
        Certificate = CertificateExpectation.For(policy, level, mxHost, domain, trustAnchors, dane);
        Key = new SessionKey(endpoint, mxHost, policy, Certificate);
    }

    public string MxHost { get; }

    public IPEndPoint Endpoint { get; }

    public string Domain { get; }

    public CompiledPolicy Policy { get; }

    public TlsLevel Level { get; }

    /// <summary>What the server's certificate must satisfy: the only input of the certificate decision besides the certificate.</summary>
    public CertificateExpectation Certificate { get; }

    public bool Testing => Policy.Mode == PolicyMode.Testing;

    /// <summary>The pool key: a session is reused only for a request with an equal key.</summary>
    public SessionKey Key { get; }
}
