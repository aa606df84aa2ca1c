using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StrictMail.Relay.Telemetry;

/// <summary>Registers the relay's instruments (gauges read whatever implements IPolicyGauges and IQueueGauges); every feature that counts calls it, once is enough.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddRelayMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        // The policy store, the queue and delivery replace these with themselves when their feature is added.
        services.TryAddSingleton<IPolicyGauges>(NoGauges.Instance);
        services.TryAddSingleton<IQueueGauges>(NoGauges.Instance);
        services.TryAddSingleton<IDnssecGauges>(NoGauges.Instance);
        services.TryAddSingleton<RelayMetrics>();
        return services;
    }
}
