using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>
/// An authoritative DNS server on loopback (UDP and TCP on one port) built on ARSoft.Tools.Net, answering
/// MX and A records set by the test; unknown names get NXDOMAIN, known names without the type NODATA.
/// A minimal copy of the relay tests' server, which the operator tests do not reference.
/// </summary>
internal sealed class TestDnsServer : IDisposable
{
    private const int Ttl = 300;
    private const int TransportTimeoutMs = 2000;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<DnsRecordBase>> _records = new(StringComparer.Ordinal);
    private readonly DnsServer _server;

    public TestDnsServer()
    {
        (_server, EndPoint) = StartOnFreePort(ProbeLoopback.NextAddress());
    }

    /// <summary>Where the server listens, on UDP and TCP.</summary>
    public IPEndPoint EndPoint { get; }

    public void AddMx(string domain, ushort preference, string exchange) =>
        Add(new MxRecord(DomainName.Parse(domain), Ttl, preference, exchange == "." ? DomainName.Root : DomainName.Parse(exchange)));

    public void AddA(string name, IPAddress address) => Add(new ARecord(DomainName.Parse(name), Ttl, address));

    public void Dispose()
    {
        try
        {
            _server.Stop();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(i => i is OperationCanceledException))
        {
            // ARSoft's Stop() throws this when the server is stopped before it answered anything.
        }
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private void Add(DnsRecordBase record) => _records.GetOrAdd(Normalize(record.Name.ToString()), _ => new()).Enqueue(record);

    private Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage { Questions: [var question] } query)
        {
            return Task.CompletedTask;
        }

        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        if (_records.TryGetValue(Normalize(question.Name.ToString()), out var records))
        {
            response.ReturnCode = ReturnCode.NoError;
            response.AnswerRecords.AddRange(records.Where(r => r.RecordType == question.RecordType));
        }
        else
        {
            response.ReturnCode = ReturnCode.NxDomain;
        }

        e.Response = response;
        return Task.CompletedTask;
    }

    private (DnsServer Server, IPEndPoint EndPoint) StartOnFreePort(IPAddress address)
    {
        for (var attempt = 1; ; attempt++)
        {
            var endPoint = new IPEndPoint(address, FreePort(address));
            var server = new DnsServer(
                new UdpServerTransport(endPoint, TransportTimeoutMs), new TcpServerTransport(endPoint, TransportTimeoutMs, TransportTimeoutMs));
            server.QueryReceived += OnQueryAsync;
            try
            {
                server.Start();
                return (server, endPoint);
            }
            catch (SocketException) when (attempt < 10)
            {
                // Someone took the port between probing and binding: try another.
                server.Stop();
            }
        }
    }

    /// <summary>A port free for both UDP and TCP on <paramref name="address"/> (the library cannot bind port 0 and tell).</summary>
    private static int FreePort(IPAddress address)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException) when (attempt < 10)
            {
                // Taken for TCP; probe another.
            }
        }
    }
}
