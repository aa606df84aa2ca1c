using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Queue;

/// <summary>
/// Owns every file move and every fsync decision of the spool after a message was accepted, and
/// keeps the census in step with the files. Moves that recovery can undo are not fsynced (incoming
/// to active); moves that decide a message's fate are (to deferred, to corrupt, removal). A failure
/// to write never throws at the scheduler: it is logged and the message stays where recovery finds it.
/// </summary>
internal sealed class Spool(QueueLayout layout, QueueCensus census, IOptions<QueueOptions> options, TimeProvider clock, ILogger<Spool> logger)
{
    /// <summary>Creates the directories, removes unacknowledged part files, puts active messages back to incoming and fills the census.</summary>
    /// <returns>Each message to schedule and when it is due.</returns>
    public IReadOnlyList<(string Id, DateTimeOffset Due)> Recover()
    {
        layout.Create();
        var parts = 0;
        foreach (var part in Directory.EnumerateFiles(layout.Incoming, ".*.part"))
        {
            // Never acknowledged with 250: the client still has the message and will send it again.
            File.Delete(part);
            parts++;
        }

        var active = 0;
        foreach (var file in Messages(layout.Active))
        {
            MoveWithState(file, layout.Incoming, durable: true);
            active++;
        }

        var now = clock.GetUtcNow();
        var due = new List<(string, DateTimeOffset)>();
        foreach (var id in Messages(layout.Incoming).Select(Path.GetFileName).OfType<string>())
        {
            census.Add(id, QueueIds.ReceivedOf(id) ?? now, QueueState.Incoming);
            due.Add((id, now));
        }

        var incoming = due.Count;
        foreach (var file in Messages(layout.Deferred))
        {
            var id = Path.GetFileName(file);
            census.Add(id, QueueIds.ReceivedOf(id) ?? now, QueueState.Deferred);
            due.Add((id, DeliveryStateFile.TryRead(QueueLayout.StateOf(file))?.NextAttempt ?? now));
        }

        foreach (var id in Messages(layout.Corrupt).Select(Path.GetFileName).OfType<string>())
        {
            census.Add(id, QueueIds.ReceivedOf(id) ?? now, QueueState.Corrupt);
        }

        PruneCorrupt();
        foreach (var directory in layout.All)
        {
            DirectorySync.Fsync(directory);
        }

        QueueLog.Recovered(logger, incoming, active, due.Count - incoming, parts);
        return due;
    }

    /// <summary>Moves a message into active for an attempt; returns its path there, or null when it is gone.</summary>
    public string? Activate(string id)
    {
        // A message whose deferral could not be written may still be in active: deliver it from there.
        var source = new[] { layout.Incoming, layout.Deferred, layout.Active }.Select(d => Path.Combine(d, id)).FirstOrDefault(File.Exists);
        if (source is null)
        {
            return null;
        }

        // Not fsynced: after a crash the message is in incoming (or deferred) or in active, and recovery
        // delivers it from either, so this move needs no durability (at-least-once either way); it
        // saves two directory fsyncs per message on the hot path.
        MoveWithState(source, layout.Active, durable: false);
        census.Move(id, QueueState.Active);
        return Path.Combine(layout.Active, id);
    }

    /// <summary>The state saved beside an active message, or null before its first deferral.</summary>
    public static DeliveryState? StateOf(string file) => DeliveryStateFile.TryRead(QueueLayout.StateOf(file));

    /// <summary>Saves the state and moves the message to deferred. When the disk refuses, the message stays in active (or keeps its older state) and is logged; the caller schedules it all the same.</summary>
    public void Defer(string id, string file, DeliveryState? state)
    {
        try
        {
            if (state is not null)
            {
                DeliveryStateFile.Write(QueueLayout.StateOf(file), state);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The older state (or none) stays: recipients delivered in this attempt may get a second copy, none is lost.
            QueueLog.StateNotSaved(logger, id, e);
        }

        try
        {
            MoveWithState(file, layout.Deferred, durable: true);
            census.Move(id, QueueState.Deferred);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            QueueLog.MoveFailed(logger, id, "deferred", e);
        }
    }

    /// <summary>Removes a finished message and its state, durably; false (logged) when the disk refused, and the message is then still there.</summary>
    public bool Finish(string id, string file)
    {
        try
        {
            // The message first: a crash in between leaves a state file alone, which nothing delivers,
            // never a message without its state, whose recipients would all be sent again.
            File.Delete(file);
            census.Remove(id);
            File.Delete(QueueLayout.StateOf(file));
            DirectorySync.Fsync(Path.GetDirectoryName(file)!);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            QueueLog.MoveFailed(logger, id, "nowhere (removal)", e);
            return !File.Exists(file);
        }
    }

    /// <summary>Moves a damaged message to corrupt, where it is kept for inspection and never delivered, then prunes corrupt.</summary>
    public void Quarantine(string id, string file, string problem)
    {
        QueueLog.Corrupt(logger, id, problem);
        try
        {
            MoveWithState(file, layout.Corrupt, durable: true);

            // Retention counts from the quarantine, not from when the message arrived.
            File.SetLastWriteTimeUtc(Path.Combine(layout.Corrupt, id), clock.GetUtcNow().UtcDateTime);
            census.Move(id, QueueState.Corrupt);
            PruneCorrupt();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            QueueLog.MoveFailed(logger, id, "corrupt", e);
        }
    }

    /// <summary>Keeps at most MaxCorruptMessages in corrupt/, none older than CorruptRetention: the oldest go first.</summary>
    private void PruneCorrupt()
    {
        var limit = options.Value.MaxCorruptMessages;
        var cutoff = clock.GetUtcNow() - options.Value.CorruptRetention;
        var files = Messages(layout.Corrupt).Select(f => new FileInfo(f)).OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        var removed = 0;
        for (var i = 0; i < files.Count; i++)
        {
            if (i < limit && files[i].LastWriteTimeUtc >= cutoff.UtcDateTime)
            {
                continue;
            }

            File.Delete(QueueLayout.StateOf(files[i].FullName));
            files[i].Delete();
            census.Remove(files[i].Name);
            removed++;
        }

        if (removed > 0)
        {
            DirectorySync.Fsync(layout.Corrupt);
            QueueLog.CorruptPruned(logger, removed, limit, options.Value.CorruptRetention);
        }
    }

    private static List<string> Messages(string directory) => Directory.EnumerateFiles(directory).Where(QueueLayout.IsMessage).ToList();

    /// <summary>
    /// Moves a message file and its state file (state first, so a message never outruns its state) and,
    /// when <paramref name="durable"/>, fsyncs both directories.
    /// </summary>
    private static void MoveWithState(string file, string toDirectory, bool durable)
    {
        var from = Path.GetDirectoryName(file)!;
        var target = Path.Combine(toDirectory, Path.GetFileName(file));
        if (string.Equals(Path.GetFullPath(from), Path.GetFullPath(toDirectory), StringComparison.Ordinal))
        {
            return;
        }

        var state = QueueLayout.StateOf(file);
        if (File.Exists(state))
        {
            File.Move(state, QueueLayout.StateOf(target), overwrite: true);
        }

        File.Move(file, target, overwrite: true);
        if (durable)
        {
            DirectorySync.Fsync(toDirectory);
            DirectorySync.Fsync(from);
        }
    }
}
