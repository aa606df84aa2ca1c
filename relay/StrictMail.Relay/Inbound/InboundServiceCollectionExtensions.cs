using Microsoft.Extensions.Options;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Inbound.Tls;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Inbound;

/// <summary>Registers the inbound SMTP server. The queue it writes to is registered by the queue, never here.</summary>
internal static class InboundServiceCollectionExtensions
{
    public static IServiceCollection AddInbound(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(InboundOptions.SectionName);
        services.AddOptions<InboundOptions>()
            .Bind(section)
            .Configure(options => ReplaceClientNetworks(options, section.GetSection(nameof(InboundOptions.ClientNetworks))))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<InboundOptions>, InboundOptionsValidator>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ServerCertificateSource>();
        services.AddSingleton<InboundServer>();
        services.AddHostedService(provider => provider.GetRequiredService<InboundServer>());
        services.AddRelayMetrics();
        return services;
    }

    // The binder appends configured list entries to the defaults, which would keep 127.0.0.0/8 and ::1 allowed to relay
    // whatever the operator wrote; a configured list replaces the defaults instead.
    private static void ReplaceClientNetworks(InboundOptions options, IConfigurationSection networks)
    {
        var entries = networks.GetChildren().Select(entry => entry.Value ?? string.Empty).ToList();
        if (entries.Count > 0)
        {
            options.ClientNetworks = entries;
        }
    }
}
