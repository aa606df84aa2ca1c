using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Inbound;
using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Tests.Inbound.Auth;

public sealed class UserDirectoryTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "strictmail-users-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Verify_UnknownUser_HashesAsLongAsAKnownUser()
    {
        // Costly enough that the hash, not the lookup, is what a stopwatch sees; cheap enough for a test.
        File.WriteAllText(_file, "app@internal.test:" + PasswordHasher.Hash(Encoding.UTF8.GetBytes("secret"), 200_000) + "\n");
        var users = Directory();
        users.Refresh();

        var (known, unknown) = Fastest(() => users.Verify("app@internal.test", "wrong"u8), () => users.Verify("nobody@internal.test", "wrong"u8));

        Assert.True(unknown >= known * 0.7, $"unknown user {unknown.TotalMilliseconds:F1} ms against known {known.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public void Verify_RightAndWrongPasswords_OnlyTheKnownUsersOwnPasses()
    {
        File.WriteAllText(_file, InboundHarness.UsersFileLine("app@internal.test", "secret") + "\n");

        var users = Directory();

        Assert.True(users.Verify("app@internal.test", "secret"u8));
        Assert.False(users.Verify("app@internal.test", "Secret"u8));
        Assert.False(users.Verify("other@internal.test", "secret"u8));
    }

    public void Dispose() => File.Delete(_file);

    private UserDirectory Directory() =>
        new(Options.Create(new InboundOptions { UsersFile = _file }), NullLogger<UserDirectory>.Instance);

    // The fastest of seven runs of each, taken in turns: noise only ever adds time, and a busy spell on a shared machine
    // (another test suite building) then slows both sides rather than all runs of one.
    private static (TimeSpan First, TimeSpan Second) Fastest(Func<bool> first, Func<bool> second)
    {
        var (a, b) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
        for (var i = 0; i < 7; i++)
        {
            a = TimeSpan.FromTicks(Math.Min(a.Ticks, Time(first).Ticks));
            b = TimeSpan.FromTicks(Math.Min(b.Ticks, Time(second).Ticks));
        }

        return (a, b);
    }

    private static TimeSpan Time(Func<bool> check)
    {
        var clock = Stopwatch.StartNew();
        Assert.False(check());
        return clock.Elapsed;
    }
}
