namespace StrictMail.Relay.Delivery;

/// <summary>One message to the recipients of one domain: the unit the delivery engine works on.</summary>
/// <param name="Sender">The envelope sender; empty for the null sender (bounces).</param>
/// <param name="Recipients">Envelope recipients, all in <paramref name="Domain"/>.</param>
/// <param name="Domain">The recipient domain, which selected the policy.</param>
/// <param name="Message">The message exactly as received (headers and body), read from where the queue keeps it.</param>
/// <param name="RequireTls">The sender asked for REQUIRETLS (RFC 8689): verified TLS to a next hop that offers REQUIRETLS, or a bounce.</param>
/// <param name="TlsReport">The message is a TLS report the relay sends: its sessions are not recorded for TLS reports.</param>
internal sealed record DeliveryRequest(string Sender, IReadOnlyList<string> Recipients, string Domain, MessageContent Message, bool RequireTls = false, bool TlsReport = false);
