using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport;

namespace StrictMail.Relay.Tests.Telemetry;

[Collection(RelayHostGroup.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Export_OtlpEndpointConfigured_PushesRelayMetricsToCollector()
    {
        // A real OTLP/HTTP receiver on loopback stands in for the collector.
        var received = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Urls.Single();

        await using var host = await RelayTestHost.StartAsync(
            directory => Path.Combine(directory, "policy.json"),
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={endpoint}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_METRIC_EXPORT_INTERVAL=200");

        await Eventually.WaitAsync(
            () => Task.FromResult(received.Any(b => Encoding.UTF8.GetString(b).Contains("strictmail.relay.policy.reloads", StringComparison.Ordinal))),
            "the collector receives strictmail.relay.policy.reloads");
    }

    [Fact]
    public async Task Export_OtlpEndpointConfigured_PushesInboundSpanToCollector()
    {
        var received = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();

        await using var host = await RelayTestHost.StartAsync(
            directory => Path.Combine(directory, "policy.json"),
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Urls.Single()}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=200");
        var (client, _) = await Inbound.WireClient.ConnectAsync(host.SmtpEndPoint, IPAddress.Loopback);
        await using (client)
        {
            await client.CommandAsync("EHLO client.internal.test");
            await client.CommandAsync("MAIL FROM:<app@internal.test>");
            await client.CommandAsync("RCPT TO:<a@partner.test>");
            await client.CommandAsync("DATA");
            Assert.StartsWith("250 ", await client.CommandAsync("Subject: traced\r\n\r\nbody\r\n."), StringComparison.Ordinal);
        }

        await Eventually.WaitAsync(
            () => Task.FromResult(received.Any(b => Encoding.UTF8.GetString(b).Contains("strictmail.inbound.message", StringComparison.Ordinal))),
            "the collector receives the strictmail.inbound.message span");
    }
}
