using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.Relay.Inbound.Tls;

/// <summary>Turns PEM text (leaf first, then intermediates; an unencrypted PKCS#8, RSA or EC key) into what SslStream serves.</summary>
internal static class ServerCertificateLoader
{
    /// <summary>Loads the certificate, its key and chain.</summary>
    /// <exception cref="CryptographicException">The PEM text is not a certificate with its matching private key.</exception>
    public static SslStreamCertificateContext Load(string certificatePem, string keyPem)
    {
        using var pemLeaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);

        // A key loaded from PEM is ephemeral; a PKCS#12 round trip gives one that SslStream can use on every platform.
        var leaf = X509CertificateLoader.LoadPkcs12(pemLeaf.Export(X509ContentType.Pkcs12), null);
        var all = new X509Certificate2Collection();
        all.ImportFromPem(certificatePem);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (certificate.Thumbprint == leaf.Thumbprint)
            {
                certificate.Dispose();
            }
            else
            {
                intermediates.Add(certificate);
            }
        }

        // offline: the chain is what the files hold; nothing is downloaded at handshake time.
        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }
}
