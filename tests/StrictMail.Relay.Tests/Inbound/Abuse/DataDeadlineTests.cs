using StrictMail.Relay.Inbound.Abuse;

namespace StrictMail.Relay.Tests.Inbound.Abuse;

public sealed class DataDeadlineTests
{
    private static readonly DataDeadline Deadline = new(TimeSpan.FromMinutes(2), 4096, 10 * 1024 * 1024);

    [Theory]
    [InlineData(0, 120)]
    [InlineData(4096, 121)]
    [InlineData(409_600, 220)]
    [InlineData(10 * 1024 * 1024, 2680)]
    [InlineData(1024L * 1024 * 1024, 2680)]
    public void Allowed_BytesReceived_BaselinePlusSizeAtTheMinimumRateUpToTheMaximumSize(long received, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Deadline.Allowed(received));
}
