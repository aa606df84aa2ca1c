using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using StrictMail.Policy.Document;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// Loads a policy's private CA from DIRECTORY/secretName/key: the layout of a Secret mounted as a
/// volume in the cluster, and of plain files in local mode. Reloaded when the file changes.
/// </summary>
internal sealed class TrustAnchorStore(IOptions<DeliveryOptions> options)
{
    private readonly ConcurrentDictionary<string, (DateTime Written, X509Certificate2Collection Certificates)> _cache = new(StringComparer.Ordinal);

    /// <summary>The CA certificates, or null for the system roots; throws <see cref="TrustAnchorException"/> when the file is missing or holds no certificate.</summary>
    public X509Certificate2Collection? For(TrustAnchorRef? anchors)
    {
        if (anchors is null)
        {
            return null;
        }

        var path = Path.Combine(options.Value.TrustAnchorsDirectory, anchors.SecretName, anchors.Key);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrustAnchorException($"trustAnchors file {path} (Secret {anchors.SecretName}, key {anchors.Key}) does not exist; mount the Secret there");
        }

        if (_cache.TryGetValue(path, out var cached) && cached.Written == info.LastWriteTimeUtc)
        {
            return cached.Certificates;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new TrustAnchorException($"trustAnchors file {path} is not PEM certificates: {e.Message}", e);
        }

        if (certificates.Count == 0)
        {
            throw new TrustAnchorException($"trustAnchors file {path} holds no certificate");
        }

        _cache[path] = (info.LastWriteTimeUtc, certificates);
        return certificates;
    }
}
