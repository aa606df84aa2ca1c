using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Pki;

/// <summary>
/// A client-side certificate check that trusts exactly one test root (X509ChainTrustMode.CustomRootTrust) and keeps
/// SslStream's host-name verdict; plug <see cref="Callback"/> into MailKit's ServerCertificateValidationCallback.
/// </summary>
internal sealed class CustomRootValidator(X509Certificate2 trustedRoot)
{
    private readonly Lock _gate = new();
    private readonly List<CertificateVerdict> _verdicts = [];

    /// <summary>Every verdict so far, in order.</summary>
    public IReadOnlyList<CertificateVerdict> Verdicts
    {
        get
        {
            lock (_gate)
            {
                return [.. _verdicts];
            }
        }
    }

    public RemoteCertificateValidationCallback Callback => Validate;

    /// <summary>Builds the chain of <paramref name="certificate"/> to <paramref name="root"/> only, without revocation checks.</summary>
    public static X509ChainStatusFlags ChainStatus(X509Certificate2 certificate, X509Certificate2 root, X509Certificate2Collection? intermediates = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        chain.Build(certificate);
        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in chain.ChainStatus)
        {
            flags |= status.Status;
        }

        return flags;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var verdict = Evaluate(certificate, chain, errors);
        lock (_gate)
        {
            _verdicts.Add(verdict);
        }

        return verdict.Accepted;
    }

    private CertificateVerdict Evaluate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return new CertificateVerdict(false, X509ChainStatusFlags.NoError, false, null);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var intermediates = new X509Certificate2Collection();
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                intermediates.Add(element.Certificate);
            }
        }

        var status = ChainStatus(leaf, trustedRoot, intermediates);
        var nameMismatch = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        return new CertificateVerdict(status == X509ChainStatusFlags.NoError && !nameMismatch, status, nameMismatch, leaf.Subject);
    }
}
