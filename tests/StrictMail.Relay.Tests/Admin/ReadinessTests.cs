using StrictMail.Relay.Admin;
using StrictMail.Relay.Delivery.Routing;

namespace StrictMail.Relay.Tests.Admin;

public sealed class ReadinessTests
{
    [Fact]
    public void DnssecLine_NotValidating_SaysSoLoudlyWithTimeAndDetail()
    {
        var line = Readiness.DnssecLine(new DnssecVerdict(DnssecState.NotValidating, "the resolver 10.0.0.2:53 answered . without the AD bit", new DateTimeOffset(2026, 12, 4, 1, 2, 3, TimeSpan.Zero)));

        Assert.Equal("dnssec: NOT VALIDATING (checked 2026-12-04T01:02:03Z): the resolver 10.0.0.2:53 answered . without the AD bit", line);
    }

    [Theory]
    [InlineData(nameof(DnssecState.Validating), "dnssec: validating: d")]
    [InlineData(nameof(DnssecState.NotConfigured), "dnssec: not configured: d")]
    [InlineData(nameof(DnssecState.Unchecked), "dnssec: not checked yet: d")]
    public void DnssecLine_EachState_Named(string state, string expected)
    {
        Assert.Equal(expected, Readiness.DnssecLine(new DnssecVerdict(Enum.Parse<DnssecState>(state), "d", null)));
    }
}
