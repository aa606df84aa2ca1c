using System.Text;
using StrictMail.Relay.Delivery;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>Delivery requests for tests.</summary>
internal static class TestMessages
{
    public static DeliveryRequest To(string domain, params string[] localParts) => WithHeaders(domain, string.Empty, localParts);

    /// <summary>A request whose message carries <paramref name="headers"/> (each line ending in CRLF) after the usual ones.</summary>
    public static DeliveryRequest WithHeaders(string domain, string headers, params string[] localParts)
    {
        var recipients = localParts.Select(l => $"{l}@{domain}").ToArray();
        var text = $"From: app@internal.test\r\nTo: {string.Join(", ", recipients)}\r\nSubject: test\r\nMessage-ID: <{Guid.NewGuid():N}@internal.test>\r\n{headers}\r\nHello.\r\n";
        return new DeliveryRequest("app@internal.test", recipients, domain, Encoding.ASCII.GetBytes(text));
    }
}
