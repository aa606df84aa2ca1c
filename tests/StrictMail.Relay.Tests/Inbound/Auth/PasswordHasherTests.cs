using System.Text;
using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Tests.Inbound.Auth;

public sealed class PasswordHasherTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("s3cret");

    [Fact]
    public void Hash_Password_SchemeIterationsSaltAndHashThatVerify()
    {
        var text = PasswordHasher.Hash(Secret, 1000);
        var hash = PasswordHasher.Parse(text);

        Assert.StartsWith("pbkdf2-sha256$1000$", text, StringComparison.Ordinal);
        Assert.NotNull(hash);
        Assert.Equal(16, hash.Salt.Length);
        Assert.Equal(32, hash.Hash.Length);
        Assert.True(PasswordHasher.Verify(hash, Secret));
        Assert.False(PasswordHasher.Verify(hash, Encoding.UTF8.GetBytes("s3creT")));
    }

    [Fact]
    public void Hash_SamePasswordTwice_DifferentSalts() =>
        Assert.NotEqual(PasswordHasher.Hash(Secret, 1000), PasswordHasher.Hash(Secret, 1000));

    [Fact]
    public void Verify_KnownVector_MatchesPbkdf2Sha256()
    {
        // RFC 7914 section 11 test vector for PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1), with the minimum iterations lowered.
        var hash = new PasswordHash(1, Encoding.ASCII.GetBytes("salt"), Convert.FromHexString("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));

        Assert.True(PasswordHasher.Verify(hash, Encoding.ASCII.GetBytes("passwd")));
    }

    [Theory]
    [InlineData("plaintext")]
    [InlineData("pbkdf2-sha1$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha256$+1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Parse_NotAUsableHash_Null(string text) => Assert.Null(PasswordHasher.Parse(text));
}
