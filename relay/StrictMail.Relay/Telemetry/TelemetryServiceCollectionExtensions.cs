using Microsoft.Extensions.DependencyInjection.Extensions;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Telemetry;

/// <summary>Registers the relay's instruments and what their gauges read; every feature that counts calls it, once is enough.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddRelayMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddPolicyStore();
        services.TryAddSingleton<QueueCensus>();
        services.TryAddSingleton<RelayMetrics>();
        return services;
    }
}
