// Trust: the admin port is unauthenticated and serves read-only facts (health, leadership,
// metrics); it must not be exposed outside the cluster.
using k8s;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Hosting;

/// <summary>Builds the operator's web application (admin endpoints around the runtime); `run` and the tests start exactly this.</summary>
internal static class OperatorApp
{
    /// <summary>The variable whose presence turns on the OTLP exporter (the SDK reads the rest of OTEL_EXPORTER_OTLP_*).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplication Build(RunOptions options, KubernetesClientConfiguration kubernetes)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.AdminUrl);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(kubernetes));
        builder.Services.AddSingleton<OperatorMetrics>();
        builder.Services.AddSingleton(provider => new OperatorRuntime(
            provider.GetRequiredService<IKubernetes>(),
            options,
            provider.GetRequiredService<OperatorMetrics>(),
            provider.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService<OperatorWorker>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("strictmail-operator"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OperatorMetrics.MeterName).AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable)))
                {
                    metrics.AddOtlpExporter();
                }
            });

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (OperatorRuntime runtime) => runtime.Synced.IsCompletedSuccessfully
            ? Results.Text(runtime.IsLeader ? "ready (leader)" : "ready (standby)")
            : Results.Text("not ready: the first list of TlsPolicies has not completed", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
