using System.Net;
using Microsoft.AspNetCore.Builder;
using StrictMail.Operator.Controller;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Hosting;
using StrictMail.TestSupport.Processes;

namespace StrictMail.Operator.Tests.Controller;

/// <summary>Real relays on two loopback addresses sharing one admin port, as relay pods share theirs.</summary>
public sealed class RelayRevisionReaderTests : IAsyncLifetime, IDisposable
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.91.1");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.91.2");
    private static readonly IPAddress Nobody = IPAddress.Parse("127.0.91.3");
    private readonly TempDirectory _dir = new();
    private readonly List<WebApplication> _relays = [];
    private readonly PolicyDocument _document = PolicyDocumentJson.Create([new CompiledPolicy { Name = "mail/a", Domains = ["a.example"], Level = TlsLevel.Secure }]);
    private int _port;

    public async Task InitializeAsync()
    {
        _port = FreePort.TcpOnAll([First, Second]);
        await File.WriteAllBytesAsync(_dir.File("policy.json"), PolicyDocumentJson.Serialize(_document));
        _relays.Add(await StartRelayAsync(First, _dir.File("policy.json"), "a"));
        _relays.Add(await StartRelayAsync(Second, _dir.File("missing.json"), "b"));
    }

    public async Task DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            await relay.StopAsync();
            await relay.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadAsync_ThreePods_RevisionOfTheReadyOneNullForTheOthers()
    {
        using var http = new HttpClient();
        var reader = new RelayRevisionReader(http, _port, TimeSpan.FromSeconds(2));

        var revisions = await reader.ReadAsync([First, Second, Nobody], CancellationToken.None);

        Assert.Equal([_document.Revision, null, null], revisions.Applied);
        Assert.Equal(1, revisions.Applied.Count(r => r == _document.Revision));
        Assert.Equal(3, revisions.Desired);
    }

    [Fact]
    public async Task ReadAsync_PodRedirectsToAReadyRelay_CountsAsNotApplied()
    {
        var hostile = IPAddress.Parse("127.0.91.4");
        await using var relay = new HostileRelay(hostile, _port, $"HTTP/1.1 302 Found\r\nLocation: http://{First}:{_port}/policy\r\nContent-Length: 0\r\n\r\n", endlessBody: false);
        using var http = RelayRevisionReader.CreateHttpClient();

        var revisions = await new RelayRevisionReader(http, _port, TimeSpan.FromSeconds(2)).ReadAsync([hostile], CancellationToken.None);

        Assert.Equal([null], revisions.Applied);
        Assert.Equal(1, relay.Requests);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n")]
    public async Task ReadAsync_PodStreamsAnEndlessAnswer_NotAppliedAndTheReaderHangsUpEarly(string head)
    {
        var hostile = IPAddress.Parse("127.0.91.5");
        await using var relay = new HostileRelay(hostile, _port, head, endlessBody: true);
        using var http = RelayRevisionReader.CreateHttpClient();

        var revisions = await new RelayRevisionReader(http, _port, TimeSpan.FromSeconds(10)).ReadAsync([hostile], CancellationToken.None);

        Assert.Equal([null], revisions.Applied);
        await Task.Delay(200);
        Assert.InRange(relay.BodyBytesSent, 0, 16L * 1024 * 1024);
    }

    [Fact]
    public void CreateHandler_ForRelayPods_NoRedirectsNoProxyNoCookies()
    {
        using var handler = RelayRevisionReader.CreateHandler();

        Assert.Equal((false, false, false), (handler.AllowAutoRedirect, handler.UseProxy, handler.UseCookies));
    }

    private async Task<WebApplication> StartRelayAsync(IPAddress address, string policyFile, string name)
    {
        var state = Directory.CreateDirectory(_dir.File($"state-{name}")).FullName;
        var app = RelayApp.Build([
            $"--Relay:PolicyFile={policyFile}",
            $"--Relay:AdminUrl=http://{address}:{_port}",
            $"--Relay:StateDirectory={state}",
            $"--Relay:Inbound:ListenAddress={address}:0",
        ]);
        await app.StartAsync();
        return app;
    }
}
