using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;
using StrictMail.Policy.Document;

namespace StrictMail.Relay.Delivery.Tls;

/// <summary>
/// Loads a policy's private CA from DIRECTORY/secretName/key: the layout of a Secret mounted as a
/// volume in the cluster, and of plain files in local mode. Reloaded when the file's content changes.
/// </summary>
/// <remarks>
/// The file is read and hashed on every call: a Secret rotation swaps the "..data" symlink, which
/// changes neither the path nor, reliably, a modification time, and a revoked CA must stop being
/// trusted at once. The collection is replaced only when the content changes, because its
/// reference is part of the connection-pool key: a new object means new trust anchors.
/// </remarks>
internal sealed class TrustAnchorStore(IOptions<DeliveryOptions> options)
{
    private readonly ConcurrentDictionary<string, (byte[] Digest, X509Certificate2Collection Certificates)> _cache = new(StringComparer.Ordinal);

    /// <summary>The CA certificates, or null for the system roots; throws <see cref="TrustAnchorException"/> when the file is missing, unreadable or holds no certificate.</summary>
    public X509Certificate2Collection? For(TrustAnchorRef? anchors)
    {
        if (anchors is null)
        {
            return null;
        }

        var path = Path.Combine(options.Value.TrustAnchorsDirectory, anchors.SecretName, anchors.Key);
        var content = Read(path, anchors);
        var digest = SHA256.HashData(content);
        if (_cache.TryGetValue(path, out var cached) && cached.Digest.AsSpan().SequenceEqual(digest))
        {
            return cached.Certificates;
        }

        var parsed = (digest, Parse(path, content));

        // Two callers that parsed the same new content keep the first one's collection, so equal content is one object.
        return _cache.AddOrUpdate(path, parsed, (_, existing) => existing.Digest.AsSpan().SequenceEqual(digest) ? existing : parsed).Certificates;
    }

    private static byte[] Read(string path, TrustAnchorRef anchors)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TrustAnchorException($"{Describe(path, anchors)} does not exist; mount the Secret there", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustAnchorException($"{Describe(path, anchors)} cannot be read: {e.Message}", e);
        }
    }

    private static string Describe(string path, TrustAnchorRef anchors) => $"trustAnchors file {path} (Secret {anchors.SecretName}, key {anchors.Key})";

    private static X509Certificate2Collection Parse(string path, byte[] content)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(Encoding.UTF8.GetString(content));
        }
        catch (CryptographicException e)
        {
            throw new TrustAnchorException($"trustAnchors file {path} is not PEM certificates: {e.Message}", e);
        }

        if (certificates.Count == 0)
        {
            throw new TrustAnchorException($"trustAnchors file {path} holds no certificate");
        }

        return certificates;
    }
}
