using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace StrictMail.FakeKube.Storage;

/// <summary>One open watch: the store writes matching events into it until it is closed or dropped.</summary>
internal sealed class WatchSubscription
{
    private readonly Channel<StoredEvent> channel = Channel.CreateUnbounded<StoredEvent>();
    private readonly Func<ResourceKey, bool> scope;
    private readonly Func<JsonObject, bool> match;

    public WatchSubscription(Func<ResourceKey, bool> scope, Func<JsonObject, bool> match)
    {
        this.scope = scope;
        this.match = match;
    }

    public ChannelReader<StoredEvent> Reader => channel.Reader;

    /// <summary>
    /// Queues the event as this watch's selector sees it: an object that starts matching is ADDED,
    /// one that stops matching is DELETED, as the API server reports them.
    /// </summary>
    public void Offer(StoredEvent storedEvent)
    {
        if (!scope(storedEvent.Key))
        {
            return;
        }

        var matchesNow = match(storedEvent.Object);
        var matchedBefore = storedEvent.Previous is { } previous && match(previous);
        string? type = (storedEvent.Type, matchedBefore, matchesNow) switch
        {
            ("MODIFIED", true, true) => "MODIFIED",
            ("MODIFIED", false, true) => "ADDED",
            ("MODIFIED", true, false) => "DELETED",
            ("MODIFIED", false, false) => null,
            (var other, _, true) => other,
            _ => null,
        };
        if (type is not null)
        {
            channel.Writer.TryWrite(storedEvent with { Type = type });
        }
    }

    /// <summary>Ends the stream as a dropped connection would.</summary>
    public void Close() => channel.Writer.TryComplete();
}
