// Trust: spans leave the process (OTLP), so their attributes are facts about the session: policy,
// level, MX host, TLS protocol, RFC 8460 result type, counts and sizes; never addresses of senders
// or recipients, message content or credentials.
using System.Diagnostics;

namespace StrictMail.Relay.Telemetry;

/// <summary>The relay's ActivitySource and the names of its spans and attributes.</summary>
internal static class RelayTracing
{
    /// <summary>The relay's ActivitySource name (the OTLP exporter subscribes to it).</summary>
    public const string SourceName = "StrictMail.Relay";

    /// <summary>One message received: from DATA to the 250 (or the refusal).</summary>
    public const string InboundMessage = "strictmail.inbound.message";

    /// <summary>One delivery of one message to the recipients of one domain under its policy.</summary>
    public const string Delivery = "strictmail.delivery";

    /// <summary>One attempt at one MX address within a delivery.</summary>
    public const string DeliveryAttempt = "strictmail.delivery.attempt";

    public static ActivitySource Source { get; } = new(SourceName);
}
