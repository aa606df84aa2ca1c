using System.Text;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Tests.Smtp;

public sealed class EhloReplyRewriterTests
{
    public static TheoryData<string, string[], string[]?> Cases => new()
    {
        { "STARTTLS last: the new last line gets a space", ["250-mx", "250-PIPELINING", "250 STARTTLS"], ["250-mx", "250 PIPELINING"] },
        { "STARTTLS in the middle: last line untouched", ["250-mx", "250-STARTTLS", "250 SIZE 10"], ["250-mx", "250 SIZE 10"] },
        { "lower case offer is stripped too", ["250-mx", "250 starttls"], ["250 mx"] },
        { "no offer: nothing to rewrite", ["250-mx", "250 PIPELINING"], null },
        { "not a 250 reply", ["502 STARTTLS"], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WithoutStartTls_Reply_Rewritten(string because, string[] reply, string[]? expected)
    {
        var rewritten = EhloReplyRewriter.WithoutStartTls([.. reply.Select(l => Encoding.ASCII.GetBytes(l + "\r\n"))]);

        Assert.True(expected?.Length == rewritten?.Count, because);
        if (expected is not null)
        {
            Assert.Equal(expected.Select(l => l + "\r\n"), rewritten!.Select(Encoding.ASCII.GetString));
        }
    }
}
