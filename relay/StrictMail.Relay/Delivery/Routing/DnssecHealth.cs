using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Delivery.Routing;

/// <summary>The latest verdict on the trusted resolvers; read by /readyz and the gauge, written by the monitor. Thread-safe.</summary>
internal sealed class DnssecHealth : IDnssecGauges
{
    private DnssecVerdict _verdict;

    public DnssecHealth(Microsoft.Extensions.Options.IOptions<DeliveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _verdict = options.Value.DnssecResolvers.Count == 0
            ? new DnssecVerdict(DnssecState.NotConfigured, "no trusted validating resolver is configured (Relay:Delivery:DnssecResolvers): no DNS answer counts as DNSSEC-secure", null)
            : new DnssecVerdict(DnssecState.Unchecked, $"the resolvers {string.Join(", ", options.Value.DnssecResolvers)} have not been checked yet", null);
    }

    public DnssecVerdict Verdict => Volatile.Read(ref _verdict);

    public int? ResolverValidating => Verdict.State switch
    {
        DnssecState.Validating => 1,
        DnssecState.NotValidating => 0,
        _ => null,
    };

    public void Set(DnssecVerdict verdict) => Volatile.Write(ref _verdict, verdict);
}
