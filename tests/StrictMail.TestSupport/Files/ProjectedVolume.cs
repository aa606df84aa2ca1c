using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;

namespace StrictMail.TestSupport.Files;

/// <summary>
/// A ConfigMap or Secret volume, written the way kubelet's AtomicWriter writes it: the files go into a fresh
/// "..&lt;timestamp&gt;" directory, a "..data_tmp" symlink to it is renamed over "..data" (one atomic step), each key is a
/// symlink "key" -&gt; "..data/key", and the previous directory is removed. A reader that opens "key" therefore sees the old
/// set of files or the new one, never a mix.
/// </summary>
internal sealed partial class ProjectedVolume
{
    private const string DataLink = "..data";
    private const string TempLink = "..data_tmp";
    private static int s_sequence;

    /// <param name="directory">The mount point; created when missing. Entries that are not the volume's own are left alone.</param>
    public ProjectedVolume(string directory)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
    }

    /// <summary>The mount point (what the pod sees as its volume directory).</summary>
    public string Directory { get; }

    /// <summary>The path a pod reads for <paramref name="key"/>: the user-visible symlink.</summary>
    public string PathOf(string key) => Path.Combine(Directory, key);

    /// <summary>Publishes a volume of one key; see <see cref="Write(IReadOnlyDictionary{string, byte[]}, DateTime?)"/>.</summary>
    public void Write(string key, byte[] content, DateTime? lastWriteUtc = null) =>
        Write(new Dictionary<string, byte[]>(StringComparer.Ordinal) { [key] = content }, lastWriteUtc);

    /// <summary>Writes one complete set of files and swaps it in atomically; keys no longer in the set disappear.</summary>
    /// <param name="files">Every key's bytes.</param>
    /// <param name="lastWriteUtc">The new files' modification time; give the old one's to show a reader does not rely on it.</param>
    public void Write(IReadOnlyDictionary<string, byte[]> files, DateTime? lastWriteUtc = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var dataLink = Path.Combine(Directory, DataLink);
        var previous = new FileInfo(dataLink).LinkTarget;

        var sequence = Interlocked.Increment(ref s_sequence).ToString("D9", CultureInfo.InvariantCulture);
        var generation = ".." + DateTime.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss", CultureInfo.InvariantCulture) + "." + sequence;
        var generationPath = Path.Combine(Directory, generation);
        System.IO.Directory.CreateDirectory(generationPath);
        foreach (var (key, content) in files)
        {
            var file = Path.Combine(generationPath, key);
            File.WriteAllBytes(file, content);
            if (lastWriteUtc is { } time)
            {
                File.SetLastWriteTimeUtc(file, time);
            }
        }

        var tempLink = Path.Combine(Directory, TempLink);
        File.Delete(tempLink);
        File.CreateSymbolicLink(tempLink, generation);
        RenameOver(tempLink, dataLink);

        foreach (var key in files.Keys)
        {
            if (new FileInfo(PathOf(key)).LinkTarget is null)
            {
                File.CreateSymbolicLink(PathOf(key), Path.Combine(DataLink, key));
            }
        }

        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(Directory))
        {
            var name = Path.GetFileName(entry);
            if (!files.ContainsKey(name) && IsKeyLink(entry))
            {
                File.Delete(entry);
            }
        }

        if (previous is not null)
        {
            System.IO.Directory.Delete(Path.Combine(Directory, previous), recursive: true);
        }
    }

    // A key's symlink points into "..data"; anything else in the directory (another writer's files) is not the volume's.
    private static bool IsKeyLink(string entry) =>
        new FileInfo(entry).LinkTarget is { } target && target.StartsWith(DataLink + "/", StringComparison.Ordinal);

    // File.Move refuses to replace a symlink to a directory, so call rename(2) itself, as kubelet does.
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
