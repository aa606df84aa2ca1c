using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// One pod's ConfigMap volume, written the way kubelet's AtomicWriter writes it: the files go into a
/// fresh "..&lt;timestamp&gt;" directory, a "..data_tmp" symlink to it is renamed over "..data" (one
/// atomic step), each key is a symlink "key" -&gt; "..data/key", and the previous directory is removed.
/// A reader that opens "key" therefore sees the old set of files or the new one, never a mix.
/// </summary>
internal sealed class ProjectedVolume
{
    private const string DataLink = "..data";
    private const string TempLink = "..data_tmp";
    private static int s_sequence;

    public ProjectedVolume(string directory)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
    }

    /// <summary>The mount point (what the pod sees as its volume directory).</summary>
    public string Directory { get; }

    /// <summary>Writes one complete set of files and swaps it in atomically.</summary>
    public void Write(IReadOnlyDictionary<string, byte[]> files)
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
            File.WriteAllBytes(Path.Combine(generationPath, key), content);
        }

        var tempLink = Path.Combine(Directory, TempLink);
        File.Delete(tempLink);
        File.CreateSymbolicLink(tempLink, generation);
        RenameOver(tempLink, dataLink);

        foreach (var key in files.Keys)
        {
            var visible = Path.Combine(Directory, key);
            if (new FileInfo(visible).LinkTarget is null)
            {
                File.CreateSymbolicLink(visible, Path.Combine(DataLink, key));
            }
        }

        foreach (var stale in System.IO.Directory.EnumerateFileSystemEntries(Directory))
        {
            var name = Path.GetFileName(stale);
            if (!name.StartsWith("..", StringComparison.Ordinal) && !files.ContainsKey(name))
            {
                File.Delete(stale);
            }
        }

        if (previous is not null)
        {
            System.IO.Directory.Delete(Path.Combine(Directory, previous), recursive: true);
        }
    }

    // File.Move refuses to replace a symlink to a directory, so call rename(2) itself, as kubelet does.
    private static void RenameOver(string source, string destination)
    {
        if (Rename(source, destination) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"rename {source} {destination}");
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
