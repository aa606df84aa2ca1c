using System.Globalization;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.TestSupport.Queue;

/// <summary>
/// An in-memory <see cref="IMessageQueue"/> for protocol tests: it records every committed message (envelope and exact
/// bytes) and every discarded one, and fails on demand at Begin, Write or Commit with QueueStorageException.
/// </summary>
internal sealed class RecordingQueue : IMessageQueue
{
    private readonly Lock _gate = new();
    private readonly List<RecordedMessage> _committed = [];
    private readonly List<RecordedMessage> _discarded = [];
    private int _begun;
    private int _nextId;

    /// <summary>Where the queue fails from now on.</summary>
    public QueueFailure Failure { get; set; }

    /// <summary>BeginAsync calls, failed or not.</summary>
    public int BeginCount => Volatile.Read(ref _begun);

    /// <summary>Messages committed, in order.</summary>
    public IReadOnlyList<RecordedMessage> Committed
    {
        get
        {
            lock (_gate)
            {
                return [.. _committed];
            }
        }
    }

    /// <summary>Messages disposed without a commit (refused, failed or abandoned), in order.</summary>
    public IReadOnlyList<RecordedMessage> Discarded
    {
        get
        {
            lock (_gate)
            {
                return [.. _discarded];
            }
        }
    }

    public Task<IIncomingMessage> BeginAsync(Envelope envelope, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _begun);
        var failure = Failure;
        return failure == QueueFailure.Begin
            ? Task.FromException<IIncomingMessage>(new QueueStorageException("test: spool not writable"))
            : Task.FromResult<IIncomingMessage>(new RecordingIncomingMessage(this, envelope, failure));
    }

    internal string NextId() => "Q" + Interlocked.Increment(ref _nextId).ToString("D6", CultureInfo.InvariantCulture);

    internal void Record(RecordedMessage message, bool committed)
    {
        lock (_gate)
        {
            (committed ? _committed : _discarded).Add(message);
        }
    }
}
