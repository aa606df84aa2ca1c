using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.ReportSending;

/// <summary>An RFC 8460 5.4 HTTPS report collector on loopback: Kestrel taking POST /v1 over TLS (certificate from the test CA for <see cref="HostName"/>), keeping what it got.</summary>
internal sealed class TlsReportCollector : IAsyncDisposable
{
    public const string HostName = "tlsrpt.partner.test";

    private readonly WebApplication _server;

    private TlsReportCollector(WebApplication server, IPAddress address, int port)
    {
        _server = server;
        Address = address;
        Url = new Uri($"https://{HostName}:{port}/v1");
    }

    /// <summary>The address to publish for <see cref="HostName"/>.</summary>
    public IPAddress Address { get; }

    /// <summary>The rua URL.</summary>
    public Uri Url { get; }

    /// <summary>Each POST: its Content-Type and body.</summary>
    public ConcurrentQueue<(string? ContentType, byte[] Body)> Posts { get; } = new();

    /// <summary>The status the collector answers; 200 unless a test makes it fail.</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public static async Task<TlsReportCollector> StartAsync(X509Certificate2? certificate = null)
    {
        var address = Loopback.NextAddress();
        var builder = WebApplication.CreateSlimBuilder();
        var served = certificate ?? TestPki.Shared.Ca.IssueServer([HostName]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, 0, listen => listen.UseHttps(served)));
        var app = builder.Build();
        TlsReportCollector? self = null;
        app.MapPost("/v1", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (self!.Status == StatusCodes.Status200OK)
            {
                self.Posts.Enqueue((context.Request.ContentType, body.ToArray()));
            }

            context.Response.StatusCode = self.Status;
        });
        await app.StartAsync();
        self = new TlsReportCollector(app, address, new Uri(app.Urls.Single()).Port);
        return self;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
