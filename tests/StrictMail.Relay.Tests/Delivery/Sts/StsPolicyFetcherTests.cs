using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery.Sts;

/// <summary>The fetch against a real HTTPS server (Kestrel on loopback, certificates from the test CA) found through the test DNS server.</summary>
public sealed class StsPolicyFetcherTests : IAsyncLifetime, IDisposable
{
    private const string Good = "version: STSv1\r\nmode: enforce\r\nmx: mx.partner.test\r\nmax_age: 86400\r\n";
    private readonly TestDnsServer _dns = new();
    private WebApplication _server = null!;
    private int _port;
    private Func<HttpContext, Task> _answer = context => context.Response.WriteAsync(Good);
    private X509Certificate2 _certificate = TestPki.Shared.Ca.IssueServer(["mta-sts.partner.test"]);

    public async Task InitializeAsync()
    {
        var address = Loopback.NextAddress();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, 0, listen => listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => _certificate)));
        _server = builder.Build();
        _server.MapGet("/.well-known/mta-sts.txt", async context =>
        {
            context.Response.ContentType = "text/plain";
            await _answer(context);
        });
        await _server.StartAsync();
        _port = new Uri(_server.Urls.Single()).Port;
        _dns.AddA("mta-sts.partner.test", address);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task FetchAsync_ValidPolicy_Parsed()
    {
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None);

        Assert.Null(fetch.ResultType);
        Assert.Equal((StsMode.Enforce, TimeSpan.FromDays(1)), (fetch.Policy!.Mode, fetch.Policy.MaxAge));
        Assert.Equal(["mx.partner.test"], fetch.Policy.MxPatterns);
    }

    [Fact]
    public async Task FetchAsync_Redirect_NotFollowed()
    {
        _answer = context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "https://evil.test/policy.txt";
            return Task.CompletedTask;
        };
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None);

        Assert.Equal("sts-policy-fetch-error", fetch.ResultType);
        Assert.Contains("HTTP 302 (redirect to https://evil.test/policy.txt not followed)", fetch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NotFound_FetchError()
    {
        _answer = context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        };
        using var fetcher = Fetcher();

        Assert.Equal("sts-policy-fetch-error", (await fetcher.FetchAsync("partner.test", CancellationToken.None)).ResultType);
    }

    [Fact]
    public async Task FetchAsync_CertificateForAnotherName_WebPkiInvalid()
    {
        _certificate = TestPki.Shared.Ca.IssueServer(["mta-sts.other.test"]);
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None);

        Assert.Equal("sts-webpki-invalid", fetch.ResultType);
        Assert.Contains("not mta-sts.partner.test", fetch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_CertificateFromAnUntrustedCa_WebPkiInvalid()
    {
        _certificate = TestPki.Shared.UnrelatedCa.IssueServer(["mta-sts.partner.test"]);
        using var fetcher = Fetcher();

        Assert.Equal("sts-webpki-invalid", (await fetcher.FetchAsync("partner.test", CancellationToken.None)).ResultType);
    }

    [Fact]
    public async Task FetchAsync_Oversized_Invalid()
    {
        _answer = context => context.Response.WriteAsync(Good + new string('#', StsPolicyFetcher.MaxBodyBytes));
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None);

        Assert.Equal("sts-policy-invalid", fetch.ResultType);
        Assert.Contains("more than 65536 bytes", fetch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_HtmlContentType_Invalid()
    {
        _answer = context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync(Good);
        };
        using var fetcher = Fetcher();

        Assert.Equal("sts-policy-invalid", (await fetcher.FetchAsync("partner.test", CancellationToken.None)).ResultType);
    }

    [Fact]
    public async Task FetchAsync_MalformedPolicy_InvalidSayingWhy()
    {
        _answer = context => context.Response.WriteAsync("version: STSv1\nmode: enforce\nmax_age: 86400\n");
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None);

        Assert.Equal("sts-policy-invalid", fetch.ResultType);
        Assert.EndsWith("mode enforce needs at least one mx pattern", fetch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NoSuchHost_FetchError()
    {
        using var fetcher = Fetcher();

        Assert.Equal("sts-policy-fetch-error", (await fetcher.FetchAsync("nowhere.test", CancellationToken.None)).ResultType);
    }

    private StsPolicyFetcher Fetcher()
    {
        var options = Options.Create(new DeliveryOptions { DnsServers = [_dns.EndPoint.ToString()], DnsCache = false, MtaStsHttpsPort = _port, MtaStsFetchTimeout = TimeSpan.FromSeconds(5) });
        return new StsPolicyFetcher(options, new MxResolver(options), [TestPki.Shared.Ca.Certificate]);
    }
}
