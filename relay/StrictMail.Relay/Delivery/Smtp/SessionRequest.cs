using System.Net;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>Everything needed to open one policy-approved session to one MX address.</summary>
/// <param name="MxHost">The MX name: sent as SNI and checked by Verify.</param>
/// <param name="Endpoint">The address and port to connect to.</param>
/// <param name="Domain">The recipient domain: Secure's default names.</param>
/// <param name="Policy">The governing policy.</param>
/// <param name="Level">The effective level.</param>
/// <param name="TrustAnchors">The policy's private CA, or null for the system roots.</param>
internal sealed record SessionRequest(string MxHost, IPEndPoint Endpoint, string Domain, CompiledPolicy Policy, TlsLevel Level, X509Certificate2Collection? TrustAnchors)
{
    public bool Testing => Policy.Mode == PolicyMode.Testing;

    public SessionKey Key => new(Endpoint, MxHost, Policy, Level);
}
