using System.ComponentModel;
using System.Runtime.InteropServices;

namespace StrictMail.TestSupport.Processes;

/// <summary>kill(2): on Linux Process.Kill always sends SIGKILL, and a graceful stop needs SIGTERM.</summary>
internal static partial class UnixSignal
{
    private const int SigTerm = 15;
    private const int NoSuchProcess = 3;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; false when it has already exited.</summary>
    public static bool Terminate(int pid)
    {
        if (Kill(pid, SigTerm) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == NoSuchProcess ? false : throw new Win32Exception(error, $"kill -TERM {pid} failed");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
