using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using k8s.Models;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Controller;

/// <summary>
/// The relay ConfigMap for a policy document, trust-manager style: one key (policy.json) in data,
/// or gzip in binaryData past a size threshold so 10,000 policies fit under the 1 MiB limit, and
/// annotations with the revision and a hash of the bytes so the reconciler writes only on change.
/// </summary>
public static class PolicyConfigMap
{
    /// <summary>The key, and so the file name in the relay's mount.</summary>
    public const string Key = "policy.json";

    /// <summary>The document revision the ConfigMap carries.</summary>
    public const string RevisionAnnotation = "strictmail.io/revision";

    /// <summary>SHA-256 of the JSON (independent of the gzip library's output), and "+gzip" when stored compressed.</summary>
    public const string HashAnnotation = "strictmail.io/content-hash";

    /// <summary>Above this many bytes of JSON, the document is stored gzip-compressed.</summary>
    public const int DefaultGzipThreshold = 256 * 1024;

    public static V1ConfigMap Render(PolicyDocument document, string name, string @namespace, int gzipThreshold = DefaultGzipThreshold)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = PolicyDocumentJson.Serialize(document);
        var compress = json.Length > gzipThreshold;
        var bytes = compress ? Gzip(json) : json;
        var map = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "strictmail-operator", ["app.kubernetes.io/component"] = "policy" },
                Annotations = new Dictionary<string, string>
                {
                    [RevisionAnnotation] = document.Revision,
                    [HashAnnotation] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json)) + (compress ? "+gzip" : string.Empty),
                    ["strictmail.io/policies"] = document.Policies.Count.ToString(CultureInfo.InvariantCulture),
                },
            },
        };
        if (compress)
        {
            map.BinaryData = new Dictionary<string, byte[]> { [Key] = bytes };
        }
        else
        {
            map.Data = new Dictionary<string, string> { [Key] = System.Text.Encoding.UTF8.GetString(json) };
        }

        return map;
    }

    /// <summary>
    /// Whether the stored ConfigMap already holds exactly what <paramref name="desired"/> holds: the hash of the bytes
    /// that are really stored, not only our annotation, so a hand edit of data (a kubectl patch that even recomputed the
    /// document's revision) is repaired.
    /// </summary>
    public static bool UpToDate(V1ConfigMap? stored, V1ConfigMap desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var wanted = desired.Metadata.Annotations[HashAnnotation];
        return stored?.Metadata?.Annotations is { } annotations
            && annotations.TryGetValue(HashAnnotation, out var hash)
            && hash == wanted
            && StoredHash(stored) == wanted;
    }

    /// <summary>The hash annotation the stored bytes deserve, or null when the key is missing, doubled or not gzip.</summary>
    private static string? StoredHash(V1ConfigMap stored)
    {
        var text = stored.Data?.TryGetValue(Key, out var t) == true ? t : null;
        var binary = stored.BinaryData?.TryGetValue(Key, out var b) == true ? b : null;
        if ((text is null) == (binary is null))
        {
            return null;
        }

        try
        {
            var json = text is not null ? System.Text.Encoding.UTF8.GetBytes(text) : Gunzip(binary!);
            return json is null ? null : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json)) + (binary is null ? string.Empty : "+gzip");
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    // A ConfigMap holds at most 1 MiB; what it inflates to is bounded too, so a planted gzip bomb costs little.
    private static byte[]? Gunzip(byte[] gzip)
    {
        const int Limit = 64 * 1024 * 1024;
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > Limit)
            {
                return null;
            }
        }

        return output.ToArray();
    }

    private static byte[] Gzip(byte[] json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
