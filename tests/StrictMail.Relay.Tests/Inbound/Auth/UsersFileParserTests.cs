using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Tests.Inbound.Auth;

public sealed class UsersFileParserTests
{
    private static readonly string Hash = PasswordHasher.Hash("pw"u8, 1000);

    [Fact]
    public void Parse_UsersCommentsAndBlankLines_TheUsers()
    {
        var users = UsersFileParser.Parse($"# apps\r\napp@internal.test:{Hash}\r\n\r\n  ops:{Hash}  \n", out var problems);

        Assert.Empty(problems);
        Assert.Equal(["app@internal.test", "ops"], users!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_BadLines_RefusedNamingLinesButNotTheirContent()
    {
        var users = UsersFileParser.Parse($"app:{Hash}\nops:secret-in-plaintext\nnocolon\napp:{Hash}\n", out var problems);

        Assert.Null(users);
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("line 2 is not user:pbkdf2-sha256$", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("line 3 ", problems[1], StringComparison.Ordinal);
        Assert.Equal("line 4 repeats user 'app'", problems[2]);
        Assert.DoesNotContain(problems, p => p.Contains("secret-in-plaintext", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Empty_NoUsers() => Assert.Empty(UsersFileParser.Parse(string.Empty, out _)!);
}
