using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.Queue;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 66)]
    [InlineData(50, 66)]
    public void After_FailedAttempts_DoublesFromMinimalUpToMaximal(int failed, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Backoff.After(failed, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(66)));
    }
}
