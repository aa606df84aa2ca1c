using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Reporting;

/// <summary>Registers the recording of TLS results (RFC 8460) on the relay's volume.</summary>
internal static class ReportingServiceCollectionExtensions
{
    public static IServiceCollection AddTlsReporting(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var store = new TlsReportStore(provider.GetRequiredService<IOptions<ReportingOptions>>().Value.StateDirectory, provider.GetRequiredService<TimeProvider>().GetUtcNow());
            if (store.LoadProblem is { } problem)
            {
                ReportingLog.Unreadable(provider.GetRequiredService<ILogger<TlsReportStore>>(), problem);
            }

            return store;
        });
        services.AddHostedService<TlsReportFlusher>();
        return services;
    }
}
