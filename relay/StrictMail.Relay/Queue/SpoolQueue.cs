using System.Threading.Channels;

namespace StrictMail.Relay.Queue;

/// <summary>
/// The queue as inbound sees it: messages go into incoming/ and, once durable, their ids go onto
/// the wake-up channel that the queue manager reads. Inbound and delivery meet only here.
/// </summary>
internal sealed class SpoolQueue(QueueLayout layout, QueueCensus census, TimeProvider clock) : IMessageQueue
{
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private readonly DirectoryGroupSync _incomingSync = new(layout.Incoming);

    /// <summary>Ids of messages ready for delivery now.</summary>
    public ChannelReader<string> Ready => _ready.Reader;

    public async Task<IIncomingMessage> BeginAsync(Envelope envelope, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var now = clock.GetUtcNow();
        var header = new QueueFileHeader(QueueIds.New(now), now, envelope);
        return await IncomingQueueFile.CreateAsync(layout.Incoming, _incomingSync, header, id =>
        {
            census.Add(id, now, QueueState.Incoming);
            Wake(id);
        }, cancellation).ConfigureAwait(false);
    }

    /// <summary>Schedules a message for delivery now.</summary>
    public void Wake(string id) => _ready.Writer.TryWrite(id);
}
