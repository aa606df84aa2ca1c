using System.Collections.Concurrent;
using System.Diagnostics;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Telemetry;
using StrictMail.Relay.Tests.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Telemetry;

/// <summary>Spans of real deliveries (fake MX with real TLS, test DNS, a STARTTLS stripper), caught with an ActivityListener.</summary>
[Collection(RelayHostGroup.Name)]
public sealed class RelayTracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public RelayTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RelayTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Deliver_OverVerifiedTls_DeliverySpanWithAttemptChildCarryingMxPolicyLevelAndProtocol()
    {
        await using var scenario = DeliveryScenario.Start();
        await using var harness = DeliveryHarness.Create(scenario.Mx.EndPoint.Port, scenario.Dns.EndPoint);

        var outcome = await harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), DeliveryScenario.Policy(TlsLevel.Secure), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, outcome.Recipients[0].Status);
        var delivery = Assert.Single(Spans(RelayTracing.Delivery));
        var attempt = Assert.Single(Spans(RelayTracing.DeliveryAttempt), a => a.ParentSpanId == delivery.SpanId);
        Assert.Equal(delivery.TraceId, attempt.TraceId);
        Assert.Equal("mail/partner", delivery.GetTagItem("strictmail.policy"));
        Assert.Equal("Secure", delivery.GetTagItem("strictmail.level"));
        Assert.Equal("delivered", delivery.GetTagItem("strictmail.outcome"));
        Assert.Equal(outcome.Tls!.MxHost, delivery.GetTagItem("server.address"));
        Assert.Equal("TLSv1.3", delivery.GetTagItem("tls.protocol.version"));
        Assert.Null(delivery.GetTagItem("strictmail.result_type"));
        Assert.Equal(ActivityStatusCode.Ok, delivery.Status);
        Assert.Equal(outcome.Tls.MxHost, attempt.GetTagItem("server.address"));
        Assert.Equal("sent", attempt.GetTagItem("strictmail.outcome"));
        Assert.DoesNotContain(delivery.Tags.Concat(attempt.Tags), tag => tag.Value?.Contains('@', StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Deliver_StartTlsStrippedUnderEncrypt_AttemptSpanCarriesResultTypeAndError()
    {
        await using var scenario = DeliveryScenario.Start();
        await using var stripper = new StartTlsStripper(scenario.Mx.EndPoint, StartTlsStripMode.StripOffer, Loopback.NextAddress());
        await using var harness = DeliveryHarness.Create(stripper.EndPoint.Port, scenario.Dns.EndPoint);
        scenario.PointMxAt(stripper.EndPoint.Address);

        var outcome = await harness.Engine.DeliverAsync(TestMessages.To(TestPki.PartnerDomain, "alice"), DeliveryScenario.Policy(TlsLevel.Encrypt), CancellationToken.None);

        Assert.NotEqual(DeliveryStatus.Delivered, outcome.Recipients[0].Status);
        var attempt = Assert.Single(Spans(RelayTracing.DeliveryAttempt));
        Assert.Equal("starttls-not-supported", attempt.GetTagItem("strictmail.result_type"));
        Assert.Equal("failed", attempt.GetTagItem("strictmail.outcome"));
        Assert.Equal(ActivityStatusCode.Error, attempt.Status);
        var delivery = Assert.Single(Spans(RelayTracing.Delivery));
        Assert.Equal("starttls-not-supported", delivery.GetTagItem("strictmail.result_type"));
        Assert.Equal("none", delivery.GetTagItem("tls.protocol.version"));
        Assert.Equal(ActivityStatusCode.Error, delivery.Status);
    }

    [Fact]
    public async Task Data_MessageQueued_InboundSpanWithQueueIdAndNoAddresses()
    {
        await using var harness = await StrictMail.Relay.Tests.Inbound.InboundHarness.StartAsync();
        var (client, _) = await StrictMail.Relay.Tests.Inbound.WireClient.ConnectAsync(harness.EndPoint, System.Net.IPAddress.Loopback);
        await using var connection = client;
        await client.CommandAsync("EHLO client.internal.test");
        await client.CommandAsync("MAIL FROM:<app@internal.test>");
        await client.CommandAsync("RCPT TO:<a@partner.test>");
        await client.CommandAsync("RCPT TO:<b@partner.test>");
        await client.CommandAsync("DATA");
        var reply = await client.CommandAsync("Subject: traced\r\n\r\nbody\r\n.");

        var queueId = Assert.Single(harness.Queue.Committed).QueueId;
        Assert.EndsWith(queueId!, reply, StringComparison.Ordinal);
        var span = Assert.Single(_spans, s => s.OperationName == RelayTracing.InboundMessage && (string?)s.GetTagItem("strictmail.queue_id") == queueId);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(2, span.GetTagItem("strictmail.recipients"));
        Assert.Equal("queued", span.GetTagItem("strictmail.outcome"));
        Assert.Equal(250, span.GetTagItem("smtp.reply.code"));
        Assert.Equal(false, span.GetTagItem("strictmail.client_tls"));
        Assert.DoesNotContain(span.Tags, tag => tag.Value?.Contains('@', StringComparison.Ordinal) == true);
    }

    // Other tests in the collection run one at a time, but spans of their hosts may still end late: keep ours only.
    private List<Activity> Spans(string name) =>
        [.. _spans.Where(s => s.OperationName == name && (string?)s.GetTagItem("strictmail.policy") == "mail/partner")];
}
