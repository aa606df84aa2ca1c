using System.Net;
using StrictMail.Relay.Inbound.Abuse;

namespace StrictMail.Relay.Tests.Inbound.Abuse;

public sealed class ClientFailureLedgerTests
{
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(15);
    private static readonly IPAddress Attacker = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Other = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void Failed_RepeatedFromOneAddress_CountsUpPerAddress()
    {
        var ledger = new ClientFailureLedger(Memory, 100);

        Assert.Equal(1, ledger.Failed(Attacker, Minutes(0)));
        Assert.Equal(2, ledger.Failed(Attacker, Minutes(1)));
        Assert.Equal(1, ledger.Failed(Other, Minutes(1)));
        Assert.Equal(3, ledger.Failed(Attacker, Minutes(2)));
    }

    [Fact]
    public void Failed_AfterTheMemoryWithoutFailure_StartsOver()
    {
        var ledger = new ClientFailureLedger(Memory, 100);
        ledger.Failed(Attacker, Minutes(0));
        ledger.Failed(Attacker, Minutes(14));

        Assert.Equal(3, ledger.Failed(Attacker, Minutes(28)));
        Assert.Equal(1, ledger.Failed(Attacker, Minutes(43)));
    }

    [Fact]
    public void Failed_IPv6AddressesInOneSlash64_CountAsOneClient()
    {
        var ledger = new ClientFailureLedger(Memory, 100);
        ledger.Failed(IPAddress.Parse("2001:db8:1:2::1"), Minutes(0));

        Assert.Equal(2, ledger.Failed(IPAddress.Parse("2001:db8:1:2:ffff::9"), Minutes(0)));
        Assert.Equal(1, ledger.Failed(IPAddress.Parse("2001:db8:1:3::1"), Minutes(0)));
    }

    [Fact]
    public void Failed_SprayFromManyAddresses_StaysAtCapacityAndForgetsTheOldest()
    {
        var ledger = new ClientFailureLedger(Memory, 100);
        ledger.Failed(Attacker, Minutes(0));
        ledger.Failed(Attacker, Minutes(0));
        for (var i = 0; i < 10_000; i++)
        {
            ledger.Failed(new IPAddress(0x0A000000 + i), Minutes(1) + TimeSpan.FromMilliseconds(i));
            Assert.True(ledger.Count <= 100);
        }

        Assert.Equal(100, ledger.Count);
        Assert.Equal(1, ledger.Failed(Attacker, Minutes(2)));
    }

    private static TimeSpan Minutes(int minutes) => TimeSpan.FromMinutes(minutes);
}
