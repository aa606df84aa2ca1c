using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery.Continuity;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Smtp;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Reporting;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Delivery;

/// <summary>Registers outbound delivery.</summary>
internal static class DeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddSingleton<MxResolver>();
        services.AddSingleton<DaneHostResolver>();
        services.AddSingleton<CertificateEvaluator>();
        services.AddSingleton<TrustAnchorStore>();
        services.AddSingleton<StarttlsContinuityStore>();
        services.AddSingleton<SessionOpener>();
        services.AddSingleton<ConnectionPool>();
        services.AddSingleton<DestinationLimiter>();
        services.AddSingleton<DeliveryEngine>();
        services.AddSingleton<IDomainDelivery>(provider => provider.GetRequiredService<DeliveryEngine>());
        services.AddPolicyStore();
        services.AddRelayMetrics();
        services.AddHostedService<ConnectionPruner>();
        services.AddSingleton<DnssecHealth>();
        services.Replace(ServiceDescriptor.Singleton<IDnssecGauges>(provider => provider.GetRequiredService<DnssecHealth>()));
        services.AddSingleton<DnssecResolverMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<DnssecResolverMonitor>());
        services.AddMtaSts();
        services.AddTlsReporting();
        return services;
    }

    private static void AddMtaSts(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var logger = provider.GetRequiredService<ILogger<StsCacheFile>>();
            var cache = new StsCacheFile(provider.GetRequiredService<IOptions<StsOptions>>().Value.StateDirectory, saveFailed: problem => StsLog.CacheSaveFailed(logger, problem));
            if (cache.LoadProblem is { } problem)
            {
                StsLog.CacheUnreadable(logger, problem);
            }

            return cache;
        });
        services.AddSingleton<StsPolicyFetcher>();
        services.AddSingleton<StsDiscovery>();
        services.AddHostedService<StsRefresher>();
    }
}
