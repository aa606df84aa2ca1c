using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery.Sts;

/// <summary>
/// mta-sts.partner.test on loopback: Kestrel serving /.well-known/mta-sts.txt over HTTPS (certificate from the test CA,
/// changeable), and a test DNS server with its A record and the _mta-sts TXT record the test sets.
/// </summary>
internal sealed class StsPolicyServer : IAsyncDisposable
{
    public const string Good = "version: STSv1\r\nmode: enforce\r\nmx: mx.partner.test\r\nmax_age: 86400\r\n";

    /// <summary>The same policy in mode testing.</summary>
    public const string Testing = "version: STSv1\r\nmode: testing\r\nmx: mx.partner.test\r\nmax_age: 86400\r\n";

    /// <summary>Answers HTTP <paramref name="status"/> with no body from now on.</summary>
    public void Fail(int status) => Answer = context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    /// <summary>Serves <paramref name="body"/> with Content-Type <paramref name="contentType"/> from now on.</summary>
    public void ServeAs(string contentType, string body) => Answer = context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    };

    /// <summary>Serves <paramref name="policy"/> as text/plain from now on.</summary>
    public void Serve(string policy) => Answer = context => context.Response.WriteAsync(policy);

    private readonly WebApplication _server;
    private int _requests;

    private StsPolicyServer(WebApplication server, TestDnsServer dns, IPAddress address, int port)
    {
        _server = server;
        Dns = dns;
        Address = address;
        Port = port;
    }

    public TestDnsServer Dns { get; }

    /// <summary>The loopback address the HTTPS server listens on (mta-sts.partner.test's A record).</summary>
    public IPAddress Address { get; }

    public int Port { get; }

    /// <summary>Policy requests served so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>What the next requests get (default: <see cref="Good"/> as text/plain).</summary>
    public Func<HttpContext, Task> Answer { get; set; } = context => context.Response.WriteAsync(Good);

    public X509Certificate2 Certificate { get; set; } = TestPki.Shared.Ca.IssueServer(["mta-sts.partner.test"]);

    public static async Task<StsPolicyServer> StartAsync()
    {
        var address = Loopback.NextAddress();
        var builder = WebApplication.CreateSlimBuilder();
        StsPolicyServer? self = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, 0, listen => listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => self!.Certificate)));
        var app = builder.Build();
        app.MapGet("/.well-known/mta-sts.txt", async context =>
        {
            Interlocked.Increment(ref self!._requests);
            context.Response.ContentType = "text/plain";
            await self.Answer(context);
        });
        await app.StartAsync();
        var dns = new TestDnsServer();
        dns.AddA("mta-sts.partner.test", address);
        self = new StsPolicyServer(app, dns, address, new Uri(app.Urls.Single()).Port);
        return self;
    }

    /// <summary>Publishes (or replaces) the _mta-sts.partner.test TXT record with <paramref name="id"/>.</summary>
    public void Publish(string id)
    {
        Dns.Remove("_mta-sts.partner.test");
        Dns.AddTxt("_mta-sts.partner.test", $"v=STSv1; id={id}");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Dns.Dispose();
    }
}
