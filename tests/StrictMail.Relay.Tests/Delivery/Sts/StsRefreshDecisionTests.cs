using StrictMail.Relay.Delivery.Sts;

namespace StrictMail.Relay.Tests.Delivery.Sts;

public sealed class StsRefreshDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ahead = TimeSpan.FromHours(1);

    [Fact]
    public void Decide_SameIdWellBeforeExpiry_ExtendWithoutFetch() =>
        Assert.Equal(StsRefresh.Extend, StsRefreshDecision.Decide(Cached("id1", expiresIn: TimeSpan.FromDays(3)), "id1", Now, Ahead));

    [Fact]
    public void Decide_ChangedId_Fetch() =>
        Assert.Equal(StsRefresh.Fetch, StsRefreshDecision.Decide(Cached("id1", expiresIn: TimeSpan.FromDays(3)), "id2", Now, Ahead));

    [Fact]
    public void Decide_SameIdAboutToExpire_FetchAhead() =>
        Assert.Equal(StsRefresh.Fetch, StsRefreshDecision.Decide(Cached("id1", expiresIn: TimeSpan.FromMinutes(30)), "id1", Now, Ahead));

    [Fact]
    public void Decide_NothingCachedTxtFound_Fetch() =>
        Assert.Equal(StsRefresh.Fetch, StsRefreshDecision.Decide(null, "id1", Now, Ahead));

    [Fact]
    public void Decide_TxtRecordGoneButPolicyUnexpired_KeepUsingIt() =>
        Assert.Equal(StsRefresh.UseCached, StsRefreshDecision.Decide(Cached("id1", expiresIn: TimeSpan.FromDays(3)), null, Now, Ahead));

    [Fact]
    public void Decide_TxtRecordGoneAndPolicyExpired_NoPolicy() =>
        Assert.Equal(StsRefresh.NoPolicy, StsRefreshDecision.Decide(Cached("id1", expiresIn: TimeSpan.FromSeconds(-1)), null, Now, Ahead));

    [Fact]
    public void Decide_ExpiredPolicySameId_Fetch() =>
        Assert.Equal(StsRefresh.Fetch, StsRefreshDecision.Decide(Cached("id1", expiresIn: TimeSpan.Zero), "id1", Now, Ahead));

    [Theory]
    [InlineData(30, true)]
    [InlineData(40, false)]
    public void Decide_ShortMaxAge_FetchesOnlyInTheLastQuarter(int minutesLeft, bool fetch)
    {
        var expected = fetch ? StsRefresh.Fetch : StsRefresh.Extend;
        var hourLong = new StsCachedPolicy("partner.test", "id1", new StsPolicy(StsMode.Enforce, TimeSpan.FromHours(1), ["mx.partner.test"]), Now, Now.AddMinutes(minutesLeft));

        Assert.Equal(expected, StsRefreshDecision.Decide(hourLong, "id1", Now.AddMinutes(15), Ahead));
    }

    private static StsCachedPolicy Cached(string id, TimeSpan expiresIn) =>
        new("partner.test", id, new StsPolicy(StsMode.Enforce, TimeSpan.FromDays(7), ["mx.partner.test"]), Now.AddDays(-1), Now + expiresIn);
}
