using System.ComponentModel;
using System.Runtime.InteropServices;

namespace StrictMail.Relay.Tests.TestSupport;

/// <summary>
/// A directory laid out and updated like kubelet's AtomicWriter does for a ConfigMap or Secret volume:
/// "key" -> "..data/key", "..data" -> "..&lt;timestamp&gt;", and an update swaps "..data" by renaming
/// a new symlink over it, then deletes the old timestamped directory.
/// </summary>
internal sealed partial class AtomicWriterVolume(string root, string key)
{
    private int _generation;

    /// <summary>The path a pod reads: the user-visible symlink.</summary>
    public string FilePath => Path.Combine(root, key);

    /// <summary>Publishes <paramref name="content"/> as a new generation and swaps "..data" to it.</summary>
    /// <param name="content">The key's new bytes.</param>
    /// <param name="lastWriteUtc">The new file's modification time; give the old one's to show a reader does not rely on it.</param>
    public void Write(byte[] content, DateTime? lastWriteUtc = null)
    {
        var dataLink = Path.Combine(root, "..data");
        var previous = File.Exists(FilePath) ? new FileInfo(dataLink).LinkTarget : null;

        var generation = $"..2026_01_01_00_00_00.{++_generation:D9}";
        Directory.CreateDirectory(Path.Combine(root, generation));
        var file = Path.Combine(root, generation, key);
        File.WriteAllBytes(file, content);
        if (lastWriteUtc is { } time)
        {
            File.SetLastWriteTimeUtc(file, time);
        }

        var tempLink = Path.Combine(root, "..data_tmp");
        File.CreateSymbolicLink(tempLink, generation);
        RenameOver(tempLink, dataLink);

        if (previous is null)
        {
            File.CreateSymbolicLink(FilePath, Path.Combine("..data", key));
        }
        else
        {
            Directory.Delete(Path.Combine(root, previous), recursive: true);
        }
    }

    // File.Move refuses a symlink to a directory, so call rename(2) itself, as kubelet does.
    private static void RenameOver(string source, string destination)
    {
        if (Rename(source, destination) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"rename {source} {destination}");
        }
    }

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Rename(string oldPath, string newPath);
}
