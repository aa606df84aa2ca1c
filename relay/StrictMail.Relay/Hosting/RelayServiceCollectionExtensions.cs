using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StrictMail.Relay.Admin;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Continuity;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Reporting;
using StrictMail.Relay.ReportSending;
using StrictMail.Relay.Inbound;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Hosting;

/// <summary>The relay's one composition root.</summary>
internal static class RelayServiceCollectionExtensions
{
    /// <summary>The variable whose presence turns on the OTLP exporter (the OpenTelemetry SDK reads the rest of its settings itself).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Registers everything the relay runs: its options, the policy store and its file watcher, delivery, the queue, the
    /// inbound SMTP server, the admin port's endpoint and telemetry.
    /// </summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RelayOptions>()
            .Bind(configuration.GetSection(RelayOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();
        services.ShareRelayOptions();
        services.TryAddSingleton(TimeProvider.System);

        // Hosted services start in this order and stop in reverse: the policy is loaded before the
        // queue recovers and delivers (recovered mail must not wait for it), and the queue has
        // recovered before inbound accepts anything.
        services.AddPolicyStore();
        services.AddHostedService<PolicyFileWatcher>();
        services.AddDelivery(configuration);
        services.AddQueue(configuration);
        services.AddInbound(configuration);
        services.AddReportSending(configuration);

        // Kestrel serves only the admin port (inbound SMTP has its own listener); with an endpoint set in code it ignores
        // ASPNETCORE_URLS/HTTP_PORTS.
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<RelayOptions>>((kestrel, relay) => kestrel.Listen(AdminListenAddress.Parse(relay.Value.AdminUrl)));

        services.AddRelayMetrics();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("strictmail-relay"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RelayMetrics.MeterName).AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                // Spans are always recorded, so every log line written inside one carries its W3C
                // trace and span ids; they leave the process only when an OTLP endpoint is set.
                tracing.AddSource(RelayTracing.SourceName);
                if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
                {
                    tracing.AddOtlpExporter();
                }
            });
        services.Configure<LoggerFactoryOptions>(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        return services;
    }

    /// <summary>
    /// Copies the relay-wide settings each feature uses into that feature's own options, so no feature reads
    /// <see cref="RelayOptions"/>: the policy file and its poll interval, and the state directory of the queue and of STARTTLS continuity.
    /// </summary>
    public static IServiceCollection ShareRelayOptions(this IServiceCollection services)
    {
        // None is validated on start: each reads RelayOptions when first used, so a bad "Relay" section is reported once, by its own validator.
        services.AddOptions<PolicyFileOptions>().Configure<IOptions<RelayOptions>>((policy, relay) =>
        {
            policy.File = relay.Value.PolicyFile;
            policy.PollInterval = relay.Value.PolicyPollInterval;
        });
        services.AddOptions<QueueStateOptions>().Configure<IOptions<RelayOptions>>((queue, relay) => queue.StateDirectory = relay.Value.StateDirectory);
        services.AddOptions<ContinuityOptions>().Configure<IOptions<RelayOptions>>((continuity, relay) => continuity.StateDirectory = relay.Value.StateDirectory);
        services.AddOptions<StsOptions>().Configure<IOptions<RelayOptions>>((sts, relay) => sts.StateDirectory = relay.Value.StateDirectory);
        services.AddOptions<ReportingOptions>().Configure<IOptions<RelayOptions>>((reporting, relay) => reporting.StateDirectory = relay.Value.StateDirectory);
        services.AddOptions<ReportSendingOptions>().Configure<IOptions<RelayOptions>>((sending, relay) => sending.StateDirectory = relay.Value.StateDirectory);
        return services;
    }
}
