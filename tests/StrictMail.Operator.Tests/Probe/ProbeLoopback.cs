using System.Net;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>Fresh loopback addresses in 127.0.94.0/24 for the probe tests' MX and DNS servers, one per use.</summary>
internal static class ProbeLoopback
{
    private static int _next;

    public static IPAddress NextAddress()
    {
        var n = Interlocked.Increment(ref _next) % 254;
        return new IPAddress([127, 0, 94, (byte)(n + 1)]);
    }
}
