using Microsoft.Extensions.Options;
using MimeKit.Cryptography;

namespace StrictMail.Relay.ReportSending;

/// <summary>Registers TLS report sending: the outbox and the admin token always; the signer and sender once Relay:Reporting:DkimKeyFile is set.</summary>
internal static class ReportSendingServiceCollectionExtensions
{
    public static IServiceCollection AddReportSending(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReportSendingOptions>().Bind(configuration.GetSection(ReportSendingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportSendingOptions>, ReportSendingOptionsValidator>();
        services.AddSingleton(provider => new AdminToken(provider.GetRequiredService<IOptions<ReportSendingOptions>>().Value.AdminTokenFile));
        services.AddSingleton(provider => new TlsReportOutbox(provider.GetRequiredService<IOptions<ReportSendingOptions>>().Value.StateDirectory));
        if (string.IsNullOrWhiteSpace(configuration[ReportSendingOptions.SectionName + ":" + nameof(ReportSendingOptions.DkimKeyFile)]))
        {
            return services;
        }

        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<ReportSendingOptions>>().Value;
            return new DkimSigner(settings.DkimKeyFile, settings.DkimDomain, settings.DkimSelector, DkimSignatureAlgorithm.RsaSha256)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        });
        services.AddSingleton<TlsReportMailer>();
        services.AddSingleton<TlsReportPoster>();
        services.AddSingleton<TlsReportSender>();
        services.AddHostedService(provider => provider.GetRequiredService<TlsReportSender>());
        return services;
    }
}
