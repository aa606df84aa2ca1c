using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Queue;

/// <summary>The spool directories, Postfix style: incoming (accepted), active (being delivered), deferred (waiting to retry), corrupt (never delivered).</summary>
internal sealed class QueueLayout
{
    public QueueLayout(IOptions<QueueOptions> queue, IOptions<QueueStateOptions> state)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(state);
        Root = string.IsNullOrEmpty(queue.Value.Directory) ? Path.Combine(state.Value.StateDirectory, "queue") : queue.Value.Directory;
        Incoming = Path.Combine(Root, "incoming");
        Active = Path.Combine(Root, "active");
        Deferred = Path.Combine(Root, "deferred");
        Corrupt = Path.Combine(Root, "corrupt");
    }

    public string Root { get; }

    public string Incoming { get; }

    public string Active { get; }

    public string Deferred { get; }

    public string Corrupt { get; }

    public IEnumerable<string> All => [Incoming, Active, Deferred, Corrupt];

    /// <summary>Creates the directories that do not exist yet.</summary>
    public void Create()
    {
        foreach (var directory in All)
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>The state file that goes with a message file.</summary>
    public static string StateOf(string messageFile) => messageFile + ".state";

    /// <summary>Whether a file name is a complete message (not a part being written, not a state file).</summary>
    public static bool IsMessage(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(".state", StringComparison.Ordinal) && !name.EndsWith(".tmp", StringComparison.Ordinal);
    }
}
