using MimeKit.IO;

namespace StrictMail.Relay.Delivery;

/// <summary>
/// The bytes of a message exactly as received, where they are: a range of a queue file (delivery
/// streams from the disk, so a worker holds a buffer, not the message) or, for tests and tools,
/// bytes in memory. Opened once per delivery; every stream is read-only and independent.
/// </summary>
internal sealed class MessageContent
{
    private readonly string? _path;
    private readonly long _offset;
    private readonly ReadOnlyMemory<byte> _bytes;

    private MessageContent(string? path, long offset, long length, ReadOnlyMemory<byte> bytes)
    {
        _path = path;
        _offset = offset;
        Length = length;
        _bytes = bytes;
    }

    /// <summary>The message's size in bytes.</summary>
    public long Length { get; }

    /// <summary>A message held in memory.</summary>
    public static MessageContent FromBytes(ReadOnlyMemory<byte> bytes) => new(null, 0, bytes.Length, bytes);

    /// <summary>The <paramref name="length"/> bytes at <paramref name="offset"/> of the file <paramref name="path"/>, which must not change while the content is in use.</summary>
    public static MessageContent FromFile(string path, long offset, long length) => new(path, offset, length, default);

    public static implicit operator MessageContent(byte[] bytes) => FromBytes(bytes);

    /// <summary>A new seekable, read-only stream over the message; dispose it when done.</summary>
    public Stream OpenRead()
    {
        if (_path is null)
        {
            return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(_bytes.ToArray(), writable: false);
        }

        var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        return new BoundStream(file, _offset, _offset + Length, leaveOpen: false);
    }

    /// <summary>At most the first <paramref name="count"/> bytes (e.g. to find the header section without reading the body).</summary>
    public byte[] ReadPrefix(int count)
    {
        using var stream = OpenRead();
        var buffer = new byte[(int)Math.Min(count, Length)];
        stream.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>Every byte, in memory: for tests and small messages only.</summary>
    public byte[] ToArray() => ReadPrefix(int.MaxValue);
}
