using StrictMail.Policy.Model;

namespace StrictMail.Policy.Tests.Model;

public sealed class WireNamesTests
{
    [Fact]
    public void Of_TlsVersionFloor_ReturnsProtocolSpelling()
    {
        Assert.Equal(["TLS1.2", "TLS1.3"], WireNames.Of<TlsVersionFloor>());
    }

    [Theory]
    [InlineData("Secure", true)]
    [InlineData("secure", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParse_Text_IsCaseSensitiveLikeTheApiServer(string? text, bool expected)
    {
        Assert.Equal(expected, WireNames.TryParse<TlsLevel>(text, out _));
    }

    [Fact]
    public void TlsLevel_Order_IsTheStrictnessScale()
    {
        Assert.Equal(
            [TlsLevel.None, TlsLevel.Opportunistic, TlsLevel.Encrypt, TlsLevel.Fingerprint, TlsLevel.Verify, TlsLevel.Secure, TlsLevel.DaneOnly],
            Enum.GetValues<TlsLevel>().Order());
    }
}
