using Microsoft.Extensions.DependencyInjection.Extensions;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Policy;

/// <summary>Registers the policy in effect; the file watcher that feeds it is the host's (<c>AddRelay</c>), so tests can publish their own.</summary>
internal static class PolicyServiceCollectionExtensions
{
    public static IServiceCollection AddPolicyStore(this IServiceCollection services)
    {
        services.TryAddSingleton<PolicyStore>();
        services.Replace(ServiceDescriptor.Singleton<IPolicyGauges>(provider => provider.GetRequiredService<PolicyStore>()));
        return services;
    }
}
