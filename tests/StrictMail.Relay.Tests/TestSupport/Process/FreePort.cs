using System.Net;
using System.Net.Sockets;

namespace StrictMail.Relay.Tests.TestSupport.Processes;

/// <summary>Ports for a child process to bind: the OS picks one, we release it and hand over the number.</summary>
internal static class FreePort
{
    /// <summary>A TCP port free on <paramref name="address"/> right now; another process could still take it before the child binds.</summary>
    public static int Tcp(IPAddress address)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
