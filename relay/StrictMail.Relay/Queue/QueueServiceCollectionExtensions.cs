using Microsoft.Extensions.DependencyInjection.Extensions;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Queue;

/// <summary>Registers the durable queue and its scheduler.</summary>
internal static class QueueServiceCollectionExtensions
{
    public static IServiceCollection AddQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QueueOptions>().Bind(configuration.GetSection(QueueOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<QueueOptions>, QueueOptionsValidator>();
        services.AddSingleton<QueueLayout>();
        services.AddSingleton<SpoolQueue>();
        services.AddSingleton<IMessageQueue>(provider => provider.GetRequiredService<SpoolQueue>());
        services.AddSingleton<Spool>();
        services.AddSingleton<MessageAttempt>();
        services.TryAddSingleton<QueueCensus>();
        services.AddRelayMetrics();
        services.Replace(ServiceDescriptor.Singleton<IQueueGauges>(provider => provider.GetRequiredService<QueueCensus>()));
        services.AddHostedService<QueueManager>();
        return services;
    }
}
