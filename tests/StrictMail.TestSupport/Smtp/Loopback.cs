using System.Net;
using System.Net.Sockets;

namespace StrictMail.TestSupport.Smtp;

/// <summary>Test peers listen on 127.0.0.0/8 only; every 127.x.y.z can be bound without configuration.</summary>
internal static class Loopback
{
    private static int _next = Random.Shared.Next(0, 254 * 128);

    /// <summary>A fresh address in 127.77.0.0/16 (never .0 or .255) for this process, so parallel tests never share one.</summary>
    public static IPAddress NextAddress()
    {
        var n = (uint)Interlocked.Increment(ref _next) % (254 * 256);
        return new IPAddress([127, 77, (byte)(n / 254), (byte)(n % 254 + 1)]);
    }

    /// <summary>Throws unless <paramref name="address"/> is an IPv4 loopback address (127.0.0.0/8).</summary>
    public static IPAddress Require(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork || address.GetAddressBytes()[0] != 127)
        {
            throw new ArgumentException($"Test peers may only use 127.0.0.0/8, not {address}.", nameof(address));
        }

        return address;
    }

    /// <summary>Throws unless <paramref name="endPoint"/> is on 127.0.0.0/8.</summary>
    public static IPEndPoint Require(IPEndPoint endPoint)
    {
        Require(endPoint.Address);
        return endPoint;
    }
}
