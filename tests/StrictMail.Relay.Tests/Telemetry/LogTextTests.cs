using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Tests.Telemetry;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("250 2.0.0 Ok: queued", "250 2.0.0 Ok: queued")]
    [InlineData("no such user\ninfo: to=<x> status=Delivered", @"no such user\ninfo: to=<x> status=Delivered")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("esc\u001b[31mred", @"esc\x1B[31mred")]
    [InlineData("c1\u0085next", @"c1\x85next")]
    [InlineData("ls\u2028ps\u2029", @"ls\u2028ps\u2029")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("Grüße", "Grüße")]
    public void Escape_RemoteText_NoCharacterCanEndOrFakeALine(string text, string expected)
    {
        var escaped = LogText.Escape(text);

        Assert.Equal(expected, escaped);
        Assert.DoesNotContain(escaped!, c => char.IsControl(c) || c is '\u2028' or '\u2029');
    }

    [Fact]
    public void Escape_Null_StaysNull() => Assert.Null(LogText.Escape(null));
}
