namespace StrictMail.Relay.Queue;

/// <summary>
/// Group commit for one directory: every caller's entry (a rename done before the call) is durable
/// when its task completes, but callers that arrive while an fsync runs share the next one, so N
/// sessions committing at once cost about two fsyncs rather than N. An fsync that started after a
/// call always covers it; a failure fails exactly the callers that fsync was serving.
/// </summary>
internal sealed class DirectoryGroupSync(string directory, Action<string>? fsync = null)
{
    private readonly Action<string> _fsync = fsync ?? DirectorySync.Fsync;
    private readonly Lock _gate = new();
    private bool _running;
    private TaskCompletionSource? _next;

    /// <summary>fsync calls made so far.</summary>
    public int Syncs { get; private set; }

    /// <summary>Completes once an fsync of the directory that started after this call has finished; faults with its IOException.</summary>
    public Task SyncAsync()
    {
        TaskCompletionSource round;
        lock (_gate)
        {
            if (_running)
            {
                // An fsync is under way and may have started before our rename: wait for the next one.
                _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _next.Task;
            }

            _running = true;
            round = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = Task.Run(() => Flush(round));
        return round.Task;
    }

    private void Flush(TaskCompletionSource round)
    {
        while (true)
        {
            try
            {
                Syncs++;
                _fsync(directory);
                round.SetResult();
            }
#pragma warning disable CA1031 // Any failure belongs to the callers of this round.
            catch (Exception e)
#pragma warning restore CA1031
            {
                round.SetException(e);
            }

            lock (_gate)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }

                round = _next;
                _next = null;
            }
        }
    }
}
