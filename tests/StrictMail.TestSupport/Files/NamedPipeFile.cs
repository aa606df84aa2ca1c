using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StrictMail.TestSupport.Files;

/// <summary>
/// A FIFO in the file system: a writer that opens it blocks until a reader opens it, which makes a
/// disk that hangs on demand, for tests of code that must not wait for another caller's write.
/// </summary>
internal static partial class NamedPipeFile
{
    /// <summary>Makes a FIFO at <paramref name="path"/>.</summary>
    public static void Create(string path)
    {
        if (MakeFifo(path, 0b110_000_000) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"mkfifo {path}");
        }
    }

    /// <summary>Lets the writer blocked on <paramref name="path"/> go on: opens the FIFO and reads what it writes to the end.</summary>
    public static Task DrainAsync(string path) => Task.Run(() =>
    {
        // open(2) itself: a FileStream opened by path takes a shared flock, which the writer's exclusive one refuses.
        var descriptor = Open(path, ReadOnly);
        if (descriptor < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"open {path}");
        }

        using var reader = new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read);
        reader.CopyTo(Stream.Null);
    });

    private const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);
}
