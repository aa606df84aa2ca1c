using MailKit.Security;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class TlsPlanTests
{
    [Theory]
    [InlineData(TlsLevel.None, SecureSocketOptions.None, false, false)]
    [InlineData(TlsLevel.Opportunistic, SecureSocketOptions.StartTlsWhenAvailable, false, false)]
    [InlineData(TlsLevel.Encrypt, SecureSocketOptions.StartTls, true, false)]
    [InlineData(TlsLevel.Fingerprint, SecureSocketOptions.StartTls, true, true)]
    [InlineData(TlsLevel.Verify, SecureSocketOptions.StartTls, true, true)]
    [InlineData(TlsLevel.Secure, SecureSocketOptions.StartTls, true, true)]
    [InlineData(TlsLevel.DaneOnly, SecureSocketOptions.StartTls, true, true)]
    public void For_Level_UsesStartTlsOnlyWhereRequired(TlsLevel level, SecureSocketOptions socket, bool required, bool checks)
    {
        var plan = TlsPlan.For(level);

        Assert.Equal(new TlsPlan(socket, required, checks), plan);
    }

    [Fact]
    public void For_EveryRequiredLevel_NeverUsesAPlaintextFallbackOption()
    {
        foreach (var level in Enum.GetValues<TlsLevel>().Where(l => l >= TlsLevel.Encrypt))
        {
            Assert.DoesNotContain(TlsPlan.For(level).Socket, new[] { SecureSocketOptions.Auto, SecureSocketOptions.StartTlsWhenAvailable, SecureSocketOptions.None });
        }
    }
}
