using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Pki;

/// <summary>What <see cref="CustomRootValidator"/> decided about one presented certificate, and why.</summary>
/// <param name="Accepted">True when the chain ends at the trusted root and the name matched.</param>
/// <param name="ChainStatus">Union of the chain's status flags (NoError when it built cleanly).</param>
/// <param name="NameMismatch">True when SslStream reported RemoteCertificateNameMismatch for the host the client asked for.</param>
/// <param name="Subject">The presented certificate's subject, or null when none was presented.</param>
internal sealed record CertificateVerdict(bool Accepted, X509ChainStatusFlags ChainStatus, bool NameMismatch, string? Subject);
