using System.Text.Json;

namespace StrictMail.Relay.Queue;

/// <summary>Reads and atomically writes a message's <see cref="DeliveryState"/> (temporary file, fsync, rename).</summary>
internal static class DeliveryStateFile
{
    /// <summary>The saved state, or null when there is none or it is unreadable (then every recipient is still pending: at-least-once).</summary>
    public static DeliveryState? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<DeliveryState>(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Write(string path, DeliveryState state)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
