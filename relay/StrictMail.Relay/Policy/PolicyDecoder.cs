using System.IO.Compression;
using StrictMail.Policy.Document;

namespace StrictMail.Relay.Policy;

/// <summary>Turns policy file bytes into a checked document: gzip is decompressed transparently, within a size cap.</summary>
internal static class PolicyDecoder
{
    /// <summary>The largest document accepted, compressed or not; 10,000 policies are far below it.</summary>
    public const int MaxDocumentBytes = 64 * 1024 * 1024;

    /// <summary>Whether the bytes start with the gzip magic number (the operator gzips large documents).</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>The document in <paramref name="bytes"/>; throws <see cref="PolicyDocumentException"/> saying what is wrong.</summary>
    public static PolicyDocument Decode(byte[] bytes, int maxDocumentBytes = MaxDocumentBytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var json = IsGzip(bytes) ? Gunzip(bytes, maxDocumentBytes) : bytes;
        if (json.Length == 0)
        {
            throw new PolicyDocumentException("The policy document is empty.");
        }

        return PolicyDocumentJson.Deserialize(json);
    }

    private static byte[] Gunzip(byte[] compressed, int maxDocumentBytes)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                // Checked before writing, so a gzip bomb never costs more than the cap in memory.
                if (output.Length + read > maxDocumentBytes)
                {
                    throw new PolicyDocumentException(
                        $"The gzip policy document decompresses to more than {maxDocumentBytes} bytes; it was refused as a possible gzip bomb.");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new PolicyDocumentException($"The policy document starts like gzip but is not valid gzip ({e.Message}); it may be truncated.", e);
        }
    }
}
