using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Continuity;
using StrictMail.Relay.Hosting;

namespace StrictMail.Relay.Tests.Delivery.Continuity;

public sealed class StarttlsContinuityStoreTests : IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("strictmail-continuity-");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public void OfferedBefore_RecordedHost_TrueEvenAfterRestart()
    {
        Store().RecordOffer("MX.Partner.Test.");

        var restarted = Store();

        Assert.True(restarted.OfferedBefore("mx.partner.test"));
        Assert.False(restarted.OfferedBefore("mx.other.test"));
    }

    [Fact]
    public void OfferedBefore_SightingOlderThanMemory_Forgotten()
    {
        var store = Store();
        store.RecordOffer("mx.partner.test");

        _clock.Advance(TimeSpan.FromDays(91));

        Assert.False(store.OfferedBefore("mx.partner.test"));
    }

    [Fact]
    public void Constructor_DamagedFile_StartsEmptyInsteadOfFailing()
    {
        File.WriteAllText(Path.Combine(_state.FullName, "starttls-continuity.json"), "{ not json");

        Assert.False(Store().OfferedBefore("mx.partner.test"));
    }

    private StarttlsContinuityStore Store() => new(
        Options.Create(new RelayOptions { StateDirectory = _state.FullName }),
        Options.Create(new DeliveryOptions { ContinuityMemory = TimeSpan.FromDays(90) }),
        _clock);
}
