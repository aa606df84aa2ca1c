using System.Net;
using System.Net.Sockets;

namespace StrictMail.TestSupport.Processes;

/// <summary>Ports for a child process or a server to bind: the OS picks one, we release it and hand over the number.</summary>
internal static class FreePort
{
    private const int Attempts = 50;

    /// <summary>A TCP port free on <paramref name="address"/> right now; another process could still take it before the child binds.</summary>
    public static int Tcp(IPAddress address)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>One TCP port free on every one of <paramref name="addresses"/> right now, for servers that must share a port number.</summary>
    public static int TcpOnAll(IReadOnlyList<IPAddress> addresses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(addresses.Count);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            using var probe = new TcpListener(addresses[0], 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (addresses.Skip(1).All(address => IsFree(address, port)))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No TCP port was free on every one of {string.Join(", ", addresses)} in {Attempts} tries.");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
