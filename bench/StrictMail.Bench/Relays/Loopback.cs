using System.Net;
using StrictMail.TestSupport.Processes;

namespace StrictMail.Bench.Relays;

/// <summary>The benchmark's loopback addresses (none is configured on lo, so Postfix never takes the sink for itself) and free ports.</summary>
internal static class Loopback
{
    public static readonly IPAddress Sink = IPAddress.Parse("127.0.88.1");
    public static readonly IPAddress StrictMail = IPAddress.Parse("127.0.88.2");
    public static readonly IPAddress Postfix = IPAddress.Parse("127.0.88.3");

    public static IPEndPoint FreeEndPoint(IPAddress address) => new(address, FreePort.Tcp(address));
}
