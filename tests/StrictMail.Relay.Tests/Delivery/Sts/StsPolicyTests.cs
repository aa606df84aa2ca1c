using StrictMail.Relay.Delivery.Sts;

namespace StrictMail.Relay.Tests.Delivery.Sts;

public sealed class StsPolicyTests
{
    [Fact]
    public void Parse_Rfc8461Example_EveryField()
    {
        var (policy, problem) = StsPolicy.Parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n");

        Assert.Null(problem);
        Assert.Equal(StsMode.Enforce, policy!.Mode);
        Assert.Equal(TimeSpan.FromDays(7), policy.MaxAge);
        Assert.Equal(["mail.example.com", "*.example.net", "backupmx.example.com"], policy.MxPatterns);
    }

    [Fact]
    public void Parse_LfLinesUnknownKeysAndRepeatedMode_FirstValueKeptUnknownIgnored()
    {
        var (policy, problem) = StsPolicy.Parse("version: STSv1\nmode: testing\nmode: enforce\nfuture: 1\nmx: MX.Example.COM.\nmax_age: 86400");

        Assert.Null(problem);
        Assert.Equal(StsMode.Testing, policy!.Mode);
        Assert.Equal(["mx.example.com"], policy.MxPatterns);
    }

    [Fact]
    public void Parse_ModeNoneWithoutMx_Valid()
    {
        var (policy, _) = StsPolicy.Parse("version: STSv1\nmode: none\nmax_age: 0\n");

        Assert.Equal((StsMode.None, TimeSpan.Zero), (policy!.Mode, policy.MaxAge));
    }

    [Theory]
    [InlineData("mode: enforce\nmx: a.example\nmax_age: 1", "the policy has no version field")]
    [InlineData("version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1", "version 'STSv2' is not STSv1")]
    [InlineData("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1", "mode 'strict' is not enforce, testing or none")]
    [InlineData("version: STSv1\nmx: a.example\nmax_age: 1", "the policy has no mode field")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example", "the policy has no max_age field")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601", "max_age '31557601' is not a number of seconds from 0 to 31557600")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -5", "max_age '-5' is not a number of seconds from 0 to 31557600")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 86400", "mode enforce needs at least one mx pattern")]
    [InlineData("version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 86400", "mx '*.com' is not a host name or a '*.' pattern")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx_1.example\nmax_age: 86400", "mx 'mx_1.example' is not a host name or a '*.' pattern")]
    [InlineData("<html>not a policy</html>", "the line '<html>not a policy</html>' is not 'key: value'")]
    public void Parse_InvalidPolicy_NullSaysWhy(string text, string expected)
    {
        var (policy, problem) = StsPolicy.Parse(text);

        Assert.Null(policy);
        Assert.Equal(expected, problem);
    }
}
