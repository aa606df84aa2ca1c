namespace StrictMail.TestSupport.Smtp;

/// <summary>What a <see cref="FakeMxServer"/> saw, written by its sessions and read by tests; thread-safe.</summary>
internal sealed class FakeMxLog
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<TlsSessionInfo> _handshakes = [];
    private readonly List<string> _commands = [];
    private TaskCompletionSource _changed = NewSignal();
    private int _transactions;
    private int _startTlsCommands;
    private int _failedHandshakes;

    public IReadOnlyList<ReceivedMessage> Messages => Snapshot(_messages);

    public IReadOnlyList<TlsSessionInfo> Handshakes => Snapshot(_handshakes);

    public IReadOnlyList<string> Commands => Snapshot(_commands);

    public int TransactionCount => Volatile.Read(ref _transactions);

    public int StartTlsCommandCount => Volatile.Read(ref _startTlsCommands);

    public int FailedHandshakeCount => Volatile.Read(ref _failedHandshakes);

    public void CommandReceived(string line) => Add(_commands, line);

    public void TransactionStarted() => Interlocked.Increment(ref _transactions);

    public void StartTlsReceived() => Interlocked.Increment(ref _startTlsCommands);

    public void HandshakeFailed() => Interlocked.Increment(ref _failedHandshakes);

    public void HandshakeSucceeded(TlsSessionInfo session) => Add(_handshakes, session);

    public void MessageReceived(ReceivedMessage message) => Add(_messages, message);

    /// <summary>Completes when at least <paramref name="count"/> messages were received; throws TimeoutException at the deadline.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_messages.Count >= count)
                {
                    return [.. _messages];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} message(s) within {timeout}, got {Messages.Count}.");
            }
        }
    }

    private void Add<T>(List<T> list, T item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            list.Add(item);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
