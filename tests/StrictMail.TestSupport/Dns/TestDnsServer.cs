using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Dns;

/// <summary>
/// An authoritative DNS server on loopback (UDP and TCP on the same port) built on ARSoft.Tools.Net's DnsServer, with a
/// test API to set MX, A, AAAA, TXT and TLSA records and to force SERVFAIL or silence per name.
/// </summary>
internal sealed class TestDnsServer : IDisposable
{
    private const int Ttl = 300;
    private const int TransportTimeoutMs = 2000;
    private static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(30);

    private readonly DnsZone _zone = new();
    private readonly ConcurrentQueue<DnsQueryRecord> _queries = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly DnsServer _server;
    private int _disposed;

    /// <param name="address">An address in 127.0.0.0/8; default a fresh one from <see cref="Loopback.NextAddress"/>.</param>
    public TestDnsServer(IPAddress? address = null)
    {
        (_server, EndPoint) = StartOnFreePort(Loopback.Require(address ?? Loopback.NextAddress()));
    }

    /// <summary>Where the server listens, on UDP and TCP.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Every question received, in order.</summary>
    public IReadOnlyList<DnsQueryRecord> Queries => [.. _queries];

    /// <summary>Exceptions the DNS library reported.</summary>
    public IReadOnlyList<Exception> Faults => [.. _faults];

    public void AddMx(string domain, ushort preference, string exchange) =>
        _zone.Add(new MxRecord(DomainName.Parse(domain), Ttl, preference, exchange == "." ? DomainName.Root : DomainName.Parse(exchange)));

    /// <summary>The RFC 7505 null MX "0 .": the domain accepts no mail.</summary>
    public void AddNullMx(string domain) => AddMx(domain, 0, ".");

    public void AddA(string name, IPAddress address)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual((int)address.AddressFamily, (int)AddressFamily.InterNetwork, nameof(address));
        _zone.Add(new ARecord(DomainName.Parse(name), Ttl, address));
    }

    public void AddAaaa(string name, IPAddress address)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual((int)address.AddressFamily, (int)AddressFamily.InterNetworkV6, nameof(address));
        _zone.Add(new AaaaRecord(DomainName.Parse(name), Ttl, address));
    }

    /// <summary>A TXT record; text longer than 255 characters is split into several strings, as a zone compiler does.</summary>
    public void AddTxt(string name, string text) => _zone.Add(new TxtRecord(DomainName.Parse(name), Ttl, text.Chunk(255).Select(c => new string(c))));

    /// <summary>A TLSA record with explicit association data, e.g. at "_25._tcp.mx.partner.test".</summary>
    public void AddTlsa(
        string name, TlsaRecord.TlsaCertificateUsage usage, TlsaRecord.TlsaSelector selector, TlsaRecord.TlsaMatchingType matching, byte[] data) =>
        _zone.Add(new TlsaRecord(DomainName.Parse(name), Ttl, usage, selector, matching, data));

    /// <summary>A TLSA record computed from a certificate; default "3 1 1" (DANE-EE, SPKI, SHA-256).</summary>
    public void AddTlsa(
        string name,
        X509Certificate2 certificate,
        TlsaRecord.TlsaCertificateUsage usage = TlsaRecord.TlsaCertificateUsage.DaneEE,
        TlsaRecord.TlsaSelector selector = TlsaRecord.TlsaSelector.SubjectPublicKeyInfo,
        TlsaRecord.TlsaMatchingType matching = TlsaRecord.TlsaMatchingType.Sha256Hash) =>
        _zone.Add(new TlsaRecord(DomainName.Parse(name), Ttl, usage, selector, matching, certificate));

    /// <summary>Queries for <paramref name="name"/> get SERVFAIL.</summary>
    public void FailName(string name) => _zone.SetBehavior(name, DnsNameBehavior.ServerFailure);

    /// <summary>Queries for <paramref name="name"/> get no answer at all (the client times out).</summary>
    public void SilenceName(string name) => _zone.SetBehavior(name, DnsNameBehavior.NoAnswer);

    /// <summary>Forgets the name's records and forced behaviour (it becomes NXDOMAIN).</summary>
    public void Remove(string name) => _zone.Remove(name);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            _server.Stop();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(i => i is OperationCanceledException))
        {
            // ARSoft's Stop() throws this when the server is stopped before it answered anything.
        }

        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage { Questions: [var question] } query)
        {
            return;
        }

        var name = DnsZone.Normalize(question.Name.ToString());
        _queries.Enqueue(new DnsQueryRecord(name, question.RecordType, e.TransportProtocol == TransportProtocol.Tcp));
        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        switch (_zone.BehaviorFor(name))
        {
            case DnsNameBehavior.NoAnswer:
                await StaySilentAsync();
                return;
            case DnsNameBehavior.ServerFailure:
                response.ReturnCode = ReturnCode.ServerFailure;
                break;
            default:
                var records = _zone.Lookup(name, question.RecordType);
                response.ReturnCode = records is null ? ReturnCode.NxDomain : ReturnCode.NoError;
                response.AnswerRecords.AddRange(records ?? []);
                break;
        }

        e.Response = response;
    }

    // The library answers every query it gets back from the handler; holding it until the server stops (or a bound)
    // means the answer, if any, goes to a client that gave up long ago or to a closed socket.
    private async Task StaySilentAsync()
    {
        try
        {
            await Task.Delay(MaxSilence, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Server stopping.
        }
    }

    private (DnsServer Server, IPEndPoint EndPoint) StartOnFreePort(IPAddress address)
    {
        for (var attempt = 1; ; attempt++)
        {
            var endPoint = new IPEndPoint(address, FreePort(address));
            var server = new DnsServer(
                new UdpServerTransport(endPoint, TransportTimeoutMs), new TcpServerTransport(endPoint, TransportTimeoutMs, TransportTimeoutMs));
            server.QueryReceived += OnQueryAsync;
            server.ExceptionThrown += (_, e) =>
            {
                _faults.Enqueue(e.Exception);
                return Task.CompletedTask;
            };
            try
            {
                server.Start();
                return (server, endPoint);
            }
            catch (SocketException) when (attempt < 10)
            {
                // Someone took the port between probing and binding: stop what did bind and try another.
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
