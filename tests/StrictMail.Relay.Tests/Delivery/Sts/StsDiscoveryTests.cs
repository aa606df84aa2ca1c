using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.TestSupport.Time;

namespace StrictMail.Relay.Tests.Delivery.Sts;

/// <summary>TXT record, cache and fetch together, against the real HTTPS policy server and test DNS server.</summary>
public sealed class StsDiscoveryTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("strictmail-sts-");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private StsPolicyServer _server = null!;

    public async Task InitializeAsync() => _server = await StsPolicyServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public async Task PolicyForAsync_IdUnchanged_NoRefetchAndLifeExtended()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        var first = await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(2));

        var second = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(StsMode.Enforce, first.Policy!.Policy.Mode);
        Assert.Equal(1, _server.Requests);
        Assert.Equal(first.Policy.ExpiresAt.AddHours(2), second.Policy!.ExpiresAt);
    }

    [Fact]
    public async Task PolicyForAsync_IdUnchangedMinutesLater_CacheFileNotRewritten()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        var first = await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        var path = Path.Combine(_state.FullName, StsCacheFile.FileName);
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddMinutes(-5));
        _clock.Advance(TimeSpan.FromMinutes(10));

        var second = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(first.Policy!.ExpiresAt, second.Policy!.ExpiresAt);
        Assert.Equal(written.AddMinutes(-5), File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task PolicyForAsync_IdChanged_Refetched()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _server.Publish("id2");
        _server.Answer = context => context.Response.WriteAsync("version: STSv1\nmode: testing\nmx: mx.partner.test\nmax_age: 86400\n");

        var lookup = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(2, _server.Requests);
        Assert.Equal(("id2", StsMode.Testing), (lookup.Policy!.Id, lookup.Policy.Policy.Mode));
    }

    [Fact]
    public async Task PolicyForAsync_RefreshFailsWithACachedPolicy_CachedPolicyStaysAndTheFailureIsNamed()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _server.Publish("id2");
        _server.Fail(500);

        var lookup = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(("id1", "sts-policy-fetch-error"), (lookup.Policy!.Id, lookup.ResultType));
    }

    [Fact]
    public async Task PolicyForAsync_TxtRecordGoneAfterARestart_CachedPolicyStillApplies()
    {
        _server.Publish("id1");
        await Discovery().PolicyForAsync("partner.test", CancellationToken.None);
        _server.Dns.Remove("_mta-sts.partner.test");

        var lookup = await Discovery().PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal("id1", lookup.Policy!.Id);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task PolicyForAsync_ModeNone_PolicyRemoved()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _server.Publish("id2");
        _server.Answer = context => context.Response.WriteAsync("version: STSv1\nmode: none\nmax_age: 86400\n");

        var lookup = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Null(lookup.Policy);
        Assert.Null(new StsCacheFile(_state.FullName).Get("partner.test"));
    }

    [Fact]
    public async Task PolicyForAsync_ManyAtOnce_OneFetch()
    {
        _server.Publish("id1");
        var discovery = Discovery();

        var lookups = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => discovery.PolicyForAsync("partner.test", CancellationToken.None)));

        Assert.All(lookups, l => Assert.Equal("id1", l.Policy!.Id));
        Assert.Equal(1, discovery.Fetches);
    }

    [Fact]
    public async Task PolicyForAsync_NoTxtRecord_NoPolicyNoFetch()
    {
        var lookup = await Discovery().PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Null(lookup.Policy);
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public async Task PolicyForAsync_FetchFailedForThisId_NotRetriedUntilTheRetryTimeAndCountedOnce()
    {
        _server.Publish("id1");
        _server.Fail(500);
        var discovery = Discovery();

        var first = await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        var second = await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _clock.Advance(StsDiscovery.RetryFailedFetchAfter);
        var third = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(2, _server.Requests);
        Assert.All([first, second, third], l => Assert.Equal("sts-policy-fetch-error", l.ResultType));
        Assert.Equal([true, false, true], new[] { first, second, third }.Select(l => l.FirstToMeetFailure));
        Assert.Equal("sts-policy-fetch-error", Assert.Single(discovery.Domains()).LastFailure!.ResultType);
    }

    [Fact]
    public async Task PolicyForAsync_FetchFailedThenANewId_FetchedAtOnce()
    {
        _server.Publish("id1");
        _server.Fail(500);
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _server.Publish("id2");
        _server.Serve(StsPolicyServer.Good);

        var lookup = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(("id2", (string?)null), (lookup.Policy!.Id, lookup.ResultType));
        Assert.Null(Assert.Single(discovery.Domains()).LastFailure);
    }

    [Fact]
    public async Task RefreshDueAsync_PolicyNearExpiry_FetchedAheadWithoutADelivery()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(23));

        Assert.Equal(1, await discovery.RefreshDueAsync(StsRefresher.Interval, CancellationToken.None));

        Assert.Equal(2, _server.Requests);
        Assert.Equal(_clock.GetUtcNow().AddDays(1), Assert.Single(discovery.Domains()).Cached!.ExpiresAt);
    }

    [Fact]
    public async Task RefreshDueAsync_NothingDue_NoLookup()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(0, await discovery.RefreshDueAsync(StsRefresher.Interval, CancellationToken.None));
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task RefreshDueAsync_RefreshFails_TheFailureIsLeftForTheNextDeliveryToCount()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(23.5));
        _server.Fail(500);

        await discovery.RefreshDueAsync(StsRefresher.Interval, CancellationToken.None);
        var delivery = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(2, _server.Requests);
        Assert.Equal(("id1", "sts-policy-fetch-error", true), (delivery.Policy!.Id, delivery.ResultType, delivery.FirstToMeetFailure));
    }

    [Fact]
    public async Task PolicyForAsync_ManyAtOnceAgainstAFailingHost_OneFetchCountedOnce()
    {
        _server.Publish("id1");
        _server.Answer = async context =>
        {
            await Task.Delay(200);
            context.Response.StatusCode = 500;
        };
        var discovery = Discovery();

        var lookups = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => discovery.PolicyForAsync("partner.test", CancellationToken.None)));
        var later = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => discovery.PolicyForAsync("partner.test", CancellationToken.None)));

        Assert.Equal(1, _server.Requests);
        Assert.All(lookups.Concat(later), l => Assert.Equal("sts-policy-fetch-error", l.ResultType));
        Assert.Equal(1, lookups.Concat(later).Count(l => l.FirstToMeetFailure));
    }

    [Fact]
    public async Task PolicyForAsync_TwoStsRecords_InvalidCountedOnce()
    {
        _server.Publish("id1");
        _server.Dns.AddTxt("_mta-sts.partner.test", "v=STSv1; id=id2");
        var discovery = Discovery();

        var first = await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        var second = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(("sts-policy-invalid", true, false), (first.ResultType, first.FirstToMeetFailure, second.FirstToMeetFailure));
        Assert.Null(first.Policy);
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public async Task PolicyForAsync_RefreshAheadFailsForAnUnchangedId_PolicyExtendedNotLeftToLapse()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        var first = await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(23.5));
        _server.Fail(500);

        var lookup = await discovery.PolicyForAsync("partner.test", CancellationToken.None);

        Assert.Equal(2, _server.Requests);
        Assert.Equal(_clock.GetUtcNow().AddDays(1), lookup.Policy!.ExpiresAt);
        Assert.True(lookup.Policy.ExpiresAt > first.Policy!.ExpiresAt);
    }

    [Fact]
    public async Task RefreshDueAsync_ExpiredPolicy_ForgottenNotFetched()
    {
        _server.Publish("id1");
        var discovery = Discovery();
        await discovery.PolicyForAsync("partner.test", CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(0, await discovery.RefreshDueAsync(StsRefresher.Interval, CancellationToken.None));

        Assert.Empty(discovery.Domains());
        Assert.Equal(1, _server.Requests);
    }

    private StsDiscovery Discovery()
    {
        var options = Options.Create(new DeliveryOptions { DnsServers = [_server.Dns.EndPoint.ToString()], DnsCache = false });
        return new StsDiscovery(new MxResolver(options), StsPolicyFetcherTests.Fetcher(_server), new StsCacheFile(_state.FullName), _clock);
    }
}
