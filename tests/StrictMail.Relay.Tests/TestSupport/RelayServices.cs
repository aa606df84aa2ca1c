using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StrictMail.Relay.Hosting;

namespace StrictMail.Relay.Tests.TestSupport;

/// <summary>
/// What every relay feature stands on, registered as <see cref="RelayServiceCollectionExtensions.AddRelay"/> registers it, so
/// a harness adds only its feature: logging, metrics, the system clock, the configuration, and the "Relay" options
/// (bound but not validated, as a harness sets only what its feature reads) shared into each feature's own options.
/// </summary>
internal static class RelayServices
{
    /// <summary>
    /// The foundation configured with <paramref name="settings"/> plus what <paramref name="addFeatures"/> registers (e.g.
    /// AddDelivery, given the same configuration), built with scope validation.
    /// </summary>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> addFeatures)
    {
        ArgumentNullException.ThrowIfNull(addFeatures);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(configuration);
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.SectionName));
        services.ShareRelayOptions();
        addFeatures(services, configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
