namespace StrictMail.Relay.Telemetry;

/// <summary>What the queue gauges read at scrape time; the queue implements it, so Telemetry does not import the queue.</summary>
internal interface IQueueGauges
{
    /// <summary>How many messages are in each state, by the state's metric label (incoming, active, deferred, corrupt).</summary>
    IEnumerable<KeyValuePair<string, int>> CountsByState();

    /// <summary>The arrival time of the oldest message still to be delivered, or null when none is.</summary>
    DateTimeOffset? OldestPending();
}
