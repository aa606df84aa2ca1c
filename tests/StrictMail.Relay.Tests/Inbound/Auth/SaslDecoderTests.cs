using System.Text;
using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Tests.Inbound.Auth;

public sealed class SaslDecoderTests
{
    [Theory]
    [InlineData("\0user\0pass", "user", "pass")]
    [InlineData("user\0user\0pass", "user", "pass")]
    [InlineData("\0user\0", "user", "")]
    [InlineData("\0üser\0pässword\0with nul", "üser", "pässword\0with nul")]
    public void DecodePlain_Valid_UserAndPassword(string message, string user, string password)
    {
        using var credentials = SaslDecoder.DecodePlain(Encoding.UTF8.GetBytes(message));

        Assert.NotNull(credentials);
        Assert.Equal(user, credentials.User);
        Assert.Equal(password, Encoding.UTF8.GetString(credentials.Password));
    }

    [Theory]
    [InlineData("userpass")]
    [InlineData("\0user")]
    [InlineData("\0\0pass")]
    [InlineData("admin\0user\0pass")]
    [InlineData("\0us\u0001er\0pass")]
    public void DecodePlain_MalformedOrProxyRequest_Null(string message) =>
        Assert.Null(SaslDecoder.DecodePlain(Encoding.UTF8.GetBytes(message)));

    [Fact]
    public void DecodePlain_InvalidUtf8User_Null() =>
        Assert.Null(SaslDecoder.DecodePlain([0, 0xC3, 0x28, 0, (byte)'p']));

    [Theory]
    [InlineData("dXNlcg==", "user")]
    [InlineData("=", "")]
    public void DecodeBase64_Valid_Bytes(string response, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(SaslDecoder.DecodeBase64(response)!));

    [Theory]
    [InlineData("not base64!")]
    [InlineData("dXNlcg=")]
    public void DecodeBase64_Invalid_Null(string response) => Assert.Null(SaslDecoder.DecodeBase64(response));

    [Fact]
    public void Dispose_Credentials_WipesThePassword()
    {
        var credentials = SaslDecoder.DecodePlain(Encoding.UTF8.GetBytes("\0u\0secret"))!;

        credentials.Dispose();

        Assert.All(credentials.Password.ToArray(), b => Assert.Equal(0, b));
    }
}
