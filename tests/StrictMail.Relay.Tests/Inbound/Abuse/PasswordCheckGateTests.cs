using StrictMail.Relay.Inbound.Abuse;

namespace StrictMail.Relay.Tests.Inbound.Abuse;

public sealed class PasswordCheckGateTests
{
    [Fact]
    public async Task RunAsync_AllSlotsBusyPastTheWait_ReturnsNullWithoutRunningTheCheck()
    {
        using var gate = new PasswordCheckGate(1, TimeSpan.FromMilliseconds(100));
        using var release = new ManualResetEventSlim();
        var busy = Task.Run(() => gate.RunAsync(() => release.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None));
        await WaitUntilStartedAsync(gate);
        var ran = false;

        var refused = await gate.RunAsync(() => ran = true, CancellationToken.None);

        Assert.Null(refused);
        Assert.False(ran);
        release.Set();
        Assert.True(await busy);
    }

    [Fact]
    public async Task RunAsync_ManyAtOnce_NeverMoreThanTheConcurrency()
    {
        using var gate = new PasswordCheckGate(2, TimeSpan.FromSeconds(30));
        var running = 0;
        var most = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => gate.RunAsync(
            () =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);

                // Hold the slot until a second check runs beside it (or a while passes): a busy thread pool must not make the checks happen one after another by chance.
                SpinWait.SpinUntil(() => Volatile.Read(ref running) >= 2, TimeSpan.FromSeconds(1));
                Interlocked.Decrement(ref running);
                return true;
            },
            CancellationToken.None))));

        Assert.All(results, result => Assert.True(result));
        Assert.Equal(2, most);
    }

    // The first check holds the only slot once a second one cannot get in at once.
    private static async Task WaitUntilStartedAsync(PasswordCheckGate gate)
    {
        while (await gate.RunAsync(() => false, CancellationToken.None) is not null)
        {
            await Task.Delay(5);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
