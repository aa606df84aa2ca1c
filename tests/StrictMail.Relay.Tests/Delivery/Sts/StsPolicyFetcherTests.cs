using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery.Sts;

/// <summary>The fetch against a real HTTPS server (Kestrel on loopback, certificates from the test CA) found through the test DNS server.</summary>
public sealed class StsPolicyFetcherTests : IAsyncLifetime
{
    private const string Good = StsPolicyServer.Good;
    private StsPolicyServer _server = null!;

    public async Task InitializeAsync() => _server = await StsPolicyServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

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
    public async Task FetchAsync_HeadersThenABodyThatNeverComes_FetchErrorWithinTheTimeout()
    {
        using var release = new CancellationTokenSource();
        _server.Answer = async context =>
        {
            context.Response.ContentLength = 200;
            await context.Response.WriteAsync("version: STSv1\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        using var fetcher = Fetcher(_server, TimeSpan.FromSeconds(1));

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        await release.CancelAsync();

        Assert.Equal("sts-policy-fetch-error", fetch.ResultType);
        Assert.Contains("no complete answer within 1 s", fetch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_MediaTypeInUpperCase_Accepted()
    {
        _server.ServeAs("Text/Plain; charset=utf-8", Good);
        using var fetcher = Fetcher(_server);

        Assert.Null((await fetcher.FetchAsync("partner.test", CancellationToken.None)).ResultType);
    }

    [Fact]
    public async Task FetchAsync_Redirect_NotFollowed()
    {
        _server.Answer = context =>
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
        _server.Fail(404);
        using var fetcher = Fetcher();

        Assert.Equal("sts-policy-fetch-error", (await fetcher.FetchAsync("partner.test", CancellationToken.None)).ResultType);
    }

    [Fact]
    public async Task FetchAsync_CertificateForAnotherName_WebPkiInvalid()
    {
        _server.Certificate = TestPki.Shared.Ca.IssueServer(["mta-sts.other.test"]);
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None);

        Assert.Equal("sts-webpki-invalid", fetch.ResultType);
        Assert.Contains("not mta-sts.partner.test", fetch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_CertificateFromAnUntrustedCa_WebPkiInvalid()
    {
        _server.Certificate = TestPki.Shared.UnrelatedCa.IssueServer(["mta-sts.partner.test"]);
        using var fetcher = Fetcher();

        Assert.Equal("sts-webpki-invalid", (await fetcher.FetchAsync("partner.test", CancellationToken.None)).ResultType);
    }

    [Fact]
    public async Task FetchAsync_Oversized_Invalid()
    {
        _server.Answer = context => context.Response.WriteAsync(Good + new string('#', StsPolicyFetcher.MaxBodyBytes));
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync("partner.test", CancellationToken.None);

        Assert.Equal("sts-policy-invalid", fetch.ResultType);
        Assert.Contains("more than 65536 bytes", fetch.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_HtmlContentType_Invalid()
    {
        _server.ServeAs("text/html", Good);
        using var fetcher = Fetcher();

        Assert.Equal("sts-policy-invalid", (await fetcher.FetchAsync("partner.test", CancellationToken.None)).ResultType);
    }

    [Fact]
    public async Task FetchAsync_MalformedPolicy_InvalidSayingWhy()
    {
        _server.Answer = context => context.Response.WriteAsync("version: STSv1\nmode: enforce\nmax_age: 86400\n");
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

    private StsPolicyFetcher Fetcher() => Fetcher(_server);

    /// <summary>A fetcher that finds <paramref name="server"/> through its DNS server and trusts the test CA as WebPKI.</summary>
    internal static StsPolicyFetcher Fetcher(StsPolicyServer server, TimeSpan? timeout = null)
    {
        var options = Options.Create(new DeliveryOptions { DnsServers = [server.Dns.EndPoint.ToString()], DnsCache = false, MtaStsHttpsPort = server.Port, MtaStsFetchTimeout = timeout ?? TimeSpan.FromSeconds(5) });
        return new StsPolicyFetcher(options, new MxResolver(options), new CertificateEvaluator(TimeProvider.System), [TestPki.Shared.Ca.Certificate]);
    }
}
