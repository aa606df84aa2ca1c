using System.Diagnostics;

namespace StrictMail.TestSupport;

/// <summary>Waits for a condition with a deadline; the condition, never the wait, is what a test asserts.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds and returns how long that took; at the deadline throws a
    /// <see cref="TimeoutException"/> saying what did not happen, which fails the test.
    /// </summary>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Not within {deadline}: {what}");
            }

            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    /// <summary>Polls a synchronous <paramref name="condition"/>; see the asynchronous overload.</summary>
    public static Task<TimeSpan> WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitAsync(() => Task.FromResult(condition()), what, timeout);
    }
}
