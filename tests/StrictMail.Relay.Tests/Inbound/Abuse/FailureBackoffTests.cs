using StrictMail.Relay.Inbound.Abuse;

namespace StrictMail.Relay.Tests.Inbound.Abuse;

public sealed class FailureBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(1000, 30)]
    [InlineData(int.MaxValue, 30)]
    public void Delay_RecentFailures_DoublesUpToTheCeiling(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FailureBackoff.Delay(failures, First, Ceiling));

    [Fact]
    public void Delay_ZeroFirstDelay_NeverWaits() =>
        Assert.Equal(TimeSpan.Zero, FailureBackoff.Delay(50, TimeSpan.Zero, Ceiling));
}
