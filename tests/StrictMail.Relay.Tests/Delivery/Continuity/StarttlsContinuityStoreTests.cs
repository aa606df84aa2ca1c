using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Continuity;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;
using StrictMail.TestSupport.Files;
using StrictMail.TestSupport.Logging;
using StrictMail.TestSupport.Metrics;
using StrictMail.TestSupport.Time;

namespace StrictMail.Relay.Tests.Delivery.Continuity;

public sealed class StarttlsContinuityStoreTests : IDisposable
{
    private const string SaveFailures = "strictmail.relay.continuity.save_failures";
    private const int SaveFailedEvent = 2003;
    private static readonly string[] FiveHosts = ["mx0.test", "mx1.test", "mx2.test", "mx3.test", "mx4.test"];

    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("strictmail-continuity-");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordingLogger<StarttlsContinuityStore> _logger = new();
    private readonly MetricRecorder _recorder;
    private readonly RelayMetrics _metrics;

    public StarttlsContinuityStoreTests()
    {
        var factory = _meters.GetRequiredService<IMeterFactory>();
        _recorder = new MetricRecorder(factory);
        _metrics = new RelayMetrics(factory, new PolicyStore(), new QueueCensus(), _clock);
    }

    private string StateFile => Path.Combine(_state.FullName, "starttls-continuity.json");

    public void Dispose()
    {
        _recorder.Dispose();
        _meters.Dispose();
        _state.Delete(recursive: true);
    }

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
        File.WriteAllText(StateFile, "{ not json");

        Assert.False(Store().OfferedBefore("mx.partner.test"));
    }

    [Fact]
    public void RecordOffer_FileWithExpiredSighting_DoesNotWriteItBack()
    {
        WriteStateFile(new() { ["mx.gone.test"] = _clock.GetUtcNow().AddDays(-91), ["mx.recent.test"] = _clock.GetUtcNow().AddDays(-1) });

        Store().RecordOffer("mx.new.test");

        Assert.Equal(["mx.new.test", "mx.recent.test"], SavedHosts(StateFile));
    }

    [Fact]
    public void RecordOffer_SightingExpiredSinceLoad_DoesNotWriteItBack()
    {
        var store = Store();
        store.RecordOffer("mx.old.test");
        _clock.Advance(TimeSpan.FromDays(91));

        store.RecordOffer("mx.new.test");

        Assert.Equal(["mx.new.test"], SavedHosts(StateFile));
    }

    [Fact]
    public void RecordOffer_MoreHostsThanMaxHosts_FileAndMemoryKeepTheNewest()
    {
        var store = Store(maxHosts: 3);

        foreach (var host in FiveHosts)
        {
            store.RecordOffer(host);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(FiveHosts[2..], SavedHosts(StateFile));
        Assert.Equal([false, false, true, true, true], FiveHosts.Select(store.OfferedBefore));
    }

    [Fact]
    public void Constructor_FileWithMoreHostsThanMaxHosts_KeepsTheNewest()
    {
        WriteStateFile(FiveHosts.Select((host, i) => (host, _clock.GetUtcNow().AddMinutes(i - FiveHosts.Length))).ToDictionary());

        var store = Store(maxHosts: 3);

        Assert.Equal([false, false, true, true, true], FiveHosts.Select(store.OfferedBefore));
    }

    [Fact]
    public void RecordOffer_StateDirectoryUnwritable_DoesNotThrowAndLogsAndCountsEachFailure()
    {
        var blocked = BlockedStateDirectory();
        var store = Store(stateDirectory: blocked);

        store.RecordOffer("mx.first.test");
        store.RecordOffer("mx.second.test");

        Assert.Equal(2, SaveFailureCount());
        Assert.Equal(2, _logger.Entries.Count(e => e.EventId == SaveFailedEvent && e.Text.Contains(blocked, StringComparison.Ordinal)));
        Assert.True(store.OfferedBefore("mx.first.test"));
    }

    [Fact]
    public void RecordOffer_AfterAFailedSave_NextChangeSavesEverything()
    {
        var blocked = BlockedStateDirectory();
        var store = Store(stateDirectory: blocked);
        store.RecordOffer("mx.first.test");

        File.Delete(blocked);
        store.RecordOffer("mx.second.test");

        Assert.Equal(["mx.first.test", "mx.second.test"], SavedHosts(Path.Combine(blocked, "starttls-continuity.json")));
        Assert.Equal(1, SaveFailureCount());
    }

    [Fact]
    public async Task OfferedBefore_WhileASaveHangsOnDisk_AnswersWithoutWaitingForIt()
    {
        var store = Store();

        // The store writes STATE.tmp and renames it; a FIFO there holds the writer until the test reads it.
        var temp = StateFile + ".tmp";
        NamedPipeFile.Create(temp);
        var saving = Task.Run(() => store.RecordOffer("mx.first.test"));
        try
        {
            var answered = Task.Run(() =>
            {
                while (!store.OfferedBefore("mx.first.test"))
                {
                    Thread.Sleep(10);
                }

                store.RecordOffer("mx.first.test");
            });

            await answered.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(saving.IsCompleted);
        }
        finally
        {
            await NamedPipeFile.DrainAsync(temp).WaitAsync(TimeSpan.FromSeconds(10));
        }

        await saving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(_logger.Entries);
    }

    private static string[] SavedHosts(string path) =>
        [.. JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(File.ReadAllBytes(path))!.Keys.Order(StringComparer.Ordinal)];

    private void WriteStateFile(Dictionary<string, DateTimeOffset> hosts) => File.WriteAllBytes(StateFile, JsonSerializer.SerializeToUtf8Bytes(hosts));

    // A file where the state directory should be: creating the directory and writing into it both fail, as on a read-only volume.
    private string BlockedStateDirectory()
    {
        var blocked = Path.Combine(_state.FullName, "blocked");
        File.WriteAllText(blocked, "not a directory");
        return blocked;
    }

    private long SaveFailureCount()
    {
        _recorder.Collect();
        return _recorder.Of(SaveFailures)[^1].Value;
    }

    private StarttlsContinuityStore Store(int maxHosts = 100_000, string? stateDirectory = null) => new(
        Options.Create(new ContinuityOptions { StateDirectory = stateDirectory ?? _state.FullName }),
        Options.Create(new DeliveryOptions { ContinuityMemory = TimeSpan.FromDays(90), ContinuityMaxHosts = maxHosts }),
        _clock,
        _logger,
        _metrics);
}
