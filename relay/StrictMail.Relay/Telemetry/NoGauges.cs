namespace StrictMail.Relay.Telemetry;

/// <summary>The gauge source of a process part without a queue, policy store or delivery (a harness of one feature): no series.</summary>
internal sealed class NoGauges : IQueueGauges, IPolicyGauges, IDnssecGauges
{
    public static NoGauges Instance { get; } = new();

    public string? AppliedRevision => null;

    public int? ResolverValidating => null;

    public IEnumerable<KeyValuePair<string, int>> CountsByState() => [];

    public DateTimeOffset? OldestPending() => null;
}
